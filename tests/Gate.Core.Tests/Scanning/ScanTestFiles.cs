using System.IO.Compression;
using System.Text;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>A temporary folder of data files for scanner tests.</summary>
internal sealed class ScanTestFiles : IDisposable
{
    public ScanTestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "gate-scan-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string name, string content) => WriteBytes(name, Encoding.UTF8.GetBytes(content));

    public string WriteBytes(string name, byte[] content)
    {
        string path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteGzip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        return WriteBytes(name, buffer.ToArray());
    }

    public string WriteZstd(string name, string content)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return WriteBytes(name, compressor.Wrap(Encoding.UTF8.GetBytes(content)).ToArray());
    }

    public static DatasetFingerprint Scan(string path, int threads = 1, int block = 256 << 10, long chunk = 32L << 20, string? generator = null) =>
        DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = threads, BlockBytes = block, ParallelChunkBytes = chunk, GeneratorField = generator });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
