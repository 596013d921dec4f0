using System.Diagnostics;
using Gate.Core.Scanning;

namespace Gate.Benchmarks;

/// <summary>Times each scanner stage over a whole file held in memory, single thread.</summary>
internal static class Stages
{
    public static void Run(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        int block = 256 << 10;
        var masks = new MaskBuffers();
        Time("classify", data.Length, () =>
        {
            for (int o = 0; o < data.Length; o += block)
            {
                var span = data.AsSpan(o, Math.Min(block, data.Length - o));
                StructuralKernels.Classify(span, masks.For(span.Length));
            }
        });
        Time("classify-scalar", data.Length, () =>
        {
            for (int o = 0; o < data.Length; o += block)
            {
                var span = data.AsSpan(o, Math.Min(block, data.Length - o));
                StructuralKernels.ClassifyScalar(span, masks.For(span.Length));
            }
        });
        Time("jsonl-features", data.Length, () => JsonLines(data, block));
        Time("jsonl-features-scalar-tokens", data.Length, () => JsonLines(data, block, new FeatureExtractorOptions { ScalarTokens = true }));
        long tokenCount = 0;
        Time("tokens-only", data.Length, () =>
        {
            var extractor = new FeatureExtractor("x", null);
            for (int o = 0; o < data.Length; o += block)
            {
                var span = data.AsSpan(o, Math.Min(block, data.Length - o));
                ByteClassMasks m = masks.For(span.Length);
                StructuralKernels.Classify(span, m);
                extractor.AddTokens(span, m.Token, m.Digit, 0, span.Length);
            }

            ContentFeatures f = extractor.Flush();
            tokenCount = f.Tokens.Sum() + f.Numeric.Sum();
        });
        if (tokenCount > 0)
        {
            Console.WriteLine($"tokens: {tokenCount} ({tokenCount * 1e9 / data.Length / 1e6:0.0} M per GB)");
        }

        Time("jsonl-no-bigram-no-rec", data.Length, () => JsonLines(data, block, new FeatureExtractorOptions { SkipRecords = true }));
        Time("jsonl-no-tokens", data.Length, () => JsonLines(data, block, new FeatureExtractorOptions { SkipTokens = true }));
        Time("jsonl-no-tokens-no-rec", data.Length, () => JsonLines(data, block, new FeatureExtractorOptions { SkipTokens = true, SkipRecords = true }));
        Time("xxh128-per-line", data.Length, () =>
        {
            ulong sum = 0;
            var span = data.AsSpan();
            while (span.Length > 0)
            {
                int nl = span.IndexOf((byte)'\n');
                int end = nl < 0 ? span.Length : nl;
                sum += (ulong)System.IO.Hashing.XxHash128.HashToUInt128(span[..end]);
                span = span[Math.Min(span.Length, end + 1)..];
            }

            GC.KeepAlive(sum);
        });
    }

    private static void JsonLines(byte[] data, int block, FeatureExtractorOptions? options = null)
    {
        var state = new ScanState(new FeatureExtractor("x", null, options));
        var scanner = new JsonLinesScanner();
        int o = 0;
        while (o < data.Length)
        {
            int len = Math.Min(block, data.Length - o);
            int used = scanner.Scan(data.AsSpan(o, len), o + len == data.Length, state);
            o += used == 0 ? len : used;
        }

        state.Extractor.Flush();
    }

    public static string? Only { get; set; }

    private static void Time(string name, long bytes, Action action)
    {
        if (Only is not null && Only != name)
        {
            return;
        }

        action();
        var times = new List<double>();
        var cpu = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
            times.Add(sw.Elapsed.TotalSeconds);
        }

        times.Sort();
        cpu.Sort();
        // CPU time is what a busy shared machine distorts least.
        Console.WriteLine($"{name,-24} {bytes / 1e9 / times[1],6:0.00} GB/s wall, {bytes / 1e9 / cpu[1],6:0.00} GB/s per CPU-second (median of 3)");
    }
}
