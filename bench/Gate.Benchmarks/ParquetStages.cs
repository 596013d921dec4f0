using System.Diagnostics;
using Gate.Core.Scanning;

namespace Gate.Benchmarks;

/// <summary>
/// Where the time of a Parquet scan goes, single thread: decoding and row assembly into canonical
/// JSON alone (rows handed to a sink that only counts them), then the whole scan with features,
/// then the scan of the same rows written out as JSON Lines (the features' share of the cost).
/// </summary>
internal static class ParquetStages
{
    public static void Run(string path)
    {
        long bytes = new FileInfo(path).Length;
        string jsonl = Path.Combine(Path.GetTempPath(), $"gate-parquet-stages-{Environment.ProcessId}.jsonl");
        using (FileStream output = File.Create(jsonl))
        using (FileStream input = File.OpenRead(path))
        {
            ParquetRows.Read(input, _ => { }, row => { output.Write(row); output.WriteByte((byte)'\n'); }, CancellationToken.None);
        }
        for (int round = 0; round < 3; round++)
        {
            long rows = 0, json = 0;
            Time("rows-as-json", bytes, () =>
            {
                using FileStream stream = File.OpenRead(path);
                ParquetRows.Read(stream, _ => { }, row => { rows++; json += row.Length; }, CancellationToken.None);
            }, () => $"{rows:N0} rows, {json / 1e6:N0} MB of JSON");
            Time("scan", bytes, () => DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = 1 }), () => string.Empty);
            Time("as-jsonl-scan", bytes, () => DatasetScanner.ScanPath(jsonl, new ScanOptions { MaxThreads = 1 }), () => "the same rows as a JSON Lines file");
        }

        File.Delete(jsonl);
    }

    private static void Time(string name, long bytes, Action action, Func<string> what)
    {
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        Console.WriteLine($"{name,-14} {watch.Elapsed.TotalSeconds,7:F2} s  {bytes / watch.Elapsed.TotalSeconds / 1e6,8:F1} MB/s of file  {what()}");
    }
}
