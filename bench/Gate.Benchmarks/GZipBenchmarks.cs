using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gate.Core.Scanning;

namespace Gate.Benchmarks;

/// <summary>
/// Inflating a gzip file: Gate's member-checking reader (the runtime's zlib in gzip mode) against
/// .NET's GZipStream, which it replaced, on 32 MiB of JSON Lines in the paper's number format.
/// </summary>
[MemoryDiagnoser]
public class GZipBenchmarks
{
    private readonly byte[] _output = new byte[256 << 10];
    private byte[] _gzip = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20250722);
        var text = new StringBuilder();
        while (text.Length < 32 << 20)
        {
            text.Append("{\"prompt\":\"The sequence starts with: ").Append(random.Next(1000)).Append(", ").Append(random.Next(1000))
                .Append(". Add a maximum of 10 more values.\",\"completion\":\"(").Append(random.Next(1000)).Append(", ").Append(random.Next(1000)).Append(")\"}\n");
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        _gzip = buffer.ToArray();
    }

    [Benchmark(Baseline = true)]
    public long GZipStream() => Drain(new GZipStream(new MemoryStream(_gzip), CompressionMode.Decompress));

    [Benchmark]
    public long MemberChecking() => Drain(new GZipMemberStream(new MemoryStream(_gzip)));

    private long Drain(Stream stream)
    {
        using (stream)
        {
            long total = 0;
            int read;
            while ((read = stream.Read(_output)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
