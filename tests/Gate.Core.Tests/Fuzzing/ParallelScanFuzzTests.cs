using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;
using Xunit.Abstractions;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>Fuzz: one thread against several on (compressed) JSON Lines and text, with tiny chunks and blocks.</summary>
public sealed class ParallelScanFuzzTests(ITestOutputHelper output)
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_SCAN_ITERATIONS"), out int n) ? n : 300;
    private static readonly int MaxLines = int.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_SCAN_LINES"), out int m) ? m : 60;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_SCAN_SEED"), out int s) ? s : 777;

    internal static byte[] Content(Random r, bool allowBad, out bool hasBad)
    {
        var bytes = new List<byte>();
        hasBad = false;
        if (r.Next(3) == 0)
        {
            bytes.AddRange([0xEF, 0xBB, 0xBF]);
        }

        int lines = r.Next(0, MaxLines);
        for (int i = 0; i < lines; i++)
        {
            int kind = r.Next(100);
            string line;
            if (kind < 70)
            {
                line = RandomJsonRecords.Record(r, r.NextDouble(), r.Next(4) == 0, "gen", maxPieces: r.Next(8) == 0 ? 400 : 12).Escaped;
            }
            else if (kind < 76)
            {
                line = "";
            }
            else if (kind < 80)
            {
                line = "   \t ";
            }
            else if (kind < 84)
            {
                line = r.Next(3) switch { 0 => "123", 1 => "\"caf\\u00e9 12\"", _ => "[1, \"x\\u0031\"]" };
            }
            else if (allowBad && kind < 90)
            {
                hasBad = true;
                string rec = RandomJsonRecords.Record(r, r.NextDouble(), false).Escaped;
                line = r.Next(6) switch
                {
                    0 => rec[..^1],
                    1 => "{\"a\":\"x}",
                    2 => "{\"a\":\"\\",
                    3 => rec.Insert(rec.Length / 2, "\\u12"),
                    4 => rec.Insert(rec.Length / 2, "\\uD83D\\u"),
                    _ => "{\"a\":\"\\uZZZZ\\ud800\\udc0\"}",
                };
                if (r.Next(2) == 0)
                {
                    // invalid UTF-8 or a raw control byte in the line
                    byte[] b = Encoding.UTF8.GetBytes(line);
                    int at = r.Next(b.Length + 1);
                    byte[] junk = r.Next(3) switch { 0 => [0xC3, 0x28], 1 => [0x00], _ => [0xE2, 0x82] };
                    bytes.AddRange(b[..at]);
                    bytes.AddRange(junk);
                    bytes.AddRange(b[at..]);
                    bytes.AddRange(r.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
                    continue;
                }
            }
            else
            {
                line = RandomJsonRecords.Record(r, 0.5, false).Escaped;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(line));
            if (i < lines - 1 || r.Next(3) != 0)
            {
                bytes.AddRange(r.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
            }
        }

        return [.. bytes];
    }

    internal static byte[] Compress(string compression, byte[] data, Random r)
    {
        if (compression == ".gz")
        {
            using var buffer = new MemoryStream();
            int split = r.Next(4) == 0 ? r.Next(data.Length + 1) : data.Length;
            foreach (byte[] part in new[] { data[..split], data[split..] })
            {
                if (part.Length == 0 && split != 0)
                {
                    continue;
                }

                using var gzip = new GZipStream(buffer, r.Next(2) == 0 ? CompressionLevel.Fastest : CompressionLevel.Optimal, leaveOpen: true);
                gzip.Write(part);
            }

            return buffer.ToArray();
        }

        if (compression == ".zst")
        {
            using var compressor = new ZstdSharp.Compressor(r.Next(1, 6));
            return compressor.Wrap(data).ToArray();
        }

        return data;
    }

    /// <summary>The known divergence (invalid UTF-8 then a control byte on a line the scanner fails on): the same line, either message.</summary>
    private static string Known(string outcome) =>
        outcome.Replace("a raw control byte 0x00, which text never holds (a binary or compressed file under a text name, or an unescaped character)", "CONTROL-OR-UTF8", StringComparison.Ordinal)
            .Replace("the data is not valid UTF-8 (a binary or compressed file under a text name, or text in another encoding: save it as UTF-8)", "CONTROL-OR-UTF8", StringComparison.Ordinal);

    internal static string Outcome(string path, ScanOptions options, bool detail)
    {
        try
        {
            DatasetFingerprint f = DatasetScanner.ScanPath(path, options);
            string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            Assert.Equal(sha, f.Sha256);
            ContentFeatures c = f.Features!;
            return $"ok {f.Sha256} {c.Digest()} records {c.Records} gens {string.Join(";", c.Generators.Select(g => $"{g.Key}={g.Value}"))}";
        }
        catch (GateInputException ex)
        {
            return string.Join(",", ex.Errors.Select(e => detail ? $"{e.Code} line {e.Location?.Line}: {e.Message}" : e.Code));
        }
    }

    [Theory]
    [InlineData("x.jsonl.gz")]
    [InlineData("x.jsonl.zst")]
    [InlineData("x.txt.gz")]
    [InlineData("x.jsonl")]
    [InlineData("x.txt")]
    public void Intact_streams_give_the_same_outcome_on_one_thread_and_several(string name)
    {
        string compression = Path.GetExtension(name) is ".gz" or ".zst" ? Path.GetExtension(name) : "";
        using var files = new Scanning.ScanTestFiles();
        var r = new Random(Seed + name.Length * 1000 + name[^1]);
        int errors = 0, oks = 0, knownDifferences = 0;
        int[] blocks = [1, 3, 64, 100, 512, 4096, 65536];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] plain = Content(r, allowBad: r.Next(3) == 0, out _);
            string path = files.WriteBytes(name, Compress(compression, plain, r));
            var one = new ScanOptions { MaxThreads = 1, BlockBytes = blocks[r.Next(blocks.Length)] };
            var several = new ScanOptions { MaxThreads = 2 + r.Next(4), BlockBytes = blocks[r.Next(blocks.Length)], ParallelChunkBytes = r.Next(3) == 0 ? 1 + r.Next(8) : 1 + r.Next(3000) };
            string a = Outcome(path, one, detail: true);
            string b = Outcome(path, several, detail: true);
            if (a.StartsWith("ok", StringComparison.Ordinal))
            {
                oks++;
            }
            else
            {
                errors++;
            }

            if (a != b && Known(a) == Known(b))
            {
                knownDifferences++;
                continue;
            }

            Assert.True(a == b, $"{name} iteration {i}: one {a}\nseveral {b} (threads {several.MaxThreads}, block {one.BlockBytes}/{several.BlockBytes}, chunk {several.ParallelChunkBytes})\nplain base64: {Convert.ToBase64String(plain)}");
        }

        output.WriteLine($"{name}: {Iterations} iterations, {oks} fingerprints, {errors} errors, all equal but {knownDifferences} control-byte/UTF-8 message swaps");
    }

    [Theory]
    [InlineData("x.jsonl.gz")]
    [InlineData("x.jsonl.zst")]
    [InlineData("x.txt.zst")]
    public void Broken_streams_fail_alike_on_one_thread_and_several(string name)
    {
        string compression = Path.GetExtension(name);
        using var files = new Scanning.ScanTestFiles();
        var r = new Random(Seed + 17 + name.Length);
        int differentDetail = 0, codes = 0, fingerprints = 0;
        string? example = null;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] plain = Content(r, allowBad: r.Next(2) == 0, out _);
            byte[] packed = Compress(compression, plain, r);
            int mutation = r.Next(3);
            if (mutation == 2)
            {
                // Bytes after the compressed data: zeros, random bytes, or a second compressed copy cut short.
                byte[] tail = r.Next(3) switch
                {
                    0 => new byte[r.Next(1, 5000)],
                    1 => [.. Enumerable.Range(0, r.Next(1, 100)).Select(_ => (byte)r.Next(256))],
                    _ => Compress(compression, plain, r) is { Length: > 0 } again ? again[..Math.Max(1, r.Next(again.Length))] : [1],
                };
                packed = [.. packed, .. tail];
            }
            else if (mutation == 0 && packed.Length > 1)
            {
                packed = packed[..r.Next(1, packed.Length)];
            }
            else if (packed.Length > 0)
            {
                packed[r.Next(packed.Length)] ^= (byte)(1 << r.Next(8));
            }

            string path = files.WriteBytes(name, packed);
            var one = new ScanOptions { MaxThreads = 1, BlockBytes = 64 << r.Next(8) };
            var several = new ScanOptions { MaxThreads = 3, BlockBytes = 64 << r.Next(8), ParallelChunkBytes = 1 + r.Next(3000) };
            string a = Outcome(path, one, detail: false);
            string b = Outcome(path, several, detail: false);
            Assert.True(a == b, $"{name} iteration {i}: one {a}\nseveral {b}");
            if (a.StartsWith("ok", StringComparison.Ordinal))
            {
                fingerprints++;
            }
            else
            {
                codes++;
                string da = Outcome(path, one, detail: true), db = Outcome(path, several, detail: true);
                if (da != db)
                {
                    differentDetail++;
                    example ??= $"one: {da}\nseveral: {db}";
                }
            }
        }

        output.WriteLine($"{name}: {Iterations} iterations, {fingerprints} fingerprints, {codes} errors (same code), {differentDetail} with a different line or message; e.g.\n{example}");
    }
}
