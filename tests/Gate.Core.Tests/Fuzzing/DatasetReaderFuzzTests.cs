using System.IO.Compression;
using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;
using Parquet;
using Parquet.Schema;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>
/// Bounded fuzzing of the dataset readers: byte-level mutations of small valid files of every
/// format (and of their compressed forms), scanned with small blocks so records straddle block
/// edges. A fingerprint or a <see cref="GateInputException"/> are the only acceptable outcomes.
/// <c>GATE_FUZZ_ITERATIONS</c> and <c>GATE_FUZZ_SEED</c> as for the YAML fuzzer.
/// </summary>
public sealed class DatasetReaderFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_ITERATIONS"), out int n) ? Math.Max(1, n / 4) : 400;
    private static readonly ulong BaseSeed = ulong.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_SEED"), out ulong s) ? s : 20250722UL;

    private static readonly byte[][] Inserts =
        [.. new[] { "\"", "\\", "\n", "\r\n", ",", "{", "}", "[", "]", ":", "\t", "\"\"", "\\u00", "PAR1" }.Select(Encoding.UTF8.GetBytes), [0x00], [0xFF], [0xC3], [0xE2, 0x82], [0xEF, 0xBB, 0xBF]];

    public static TheoryData<string> Formats() => new() { "x.jsonl", "x.json", "x.csv", "x.tsv", "x.txt", "x.jsonl.gz", "x.csv.zst", "x.parquet", "nested.parquet" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutated_data_scans_or_fails_with_an_input_error(string name)
    {
        byte[] seed = Seed(name);
        string folder = Path.Combine(Path.GetTempPath(), "gate-reader-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            for (int i = 0; i < Iterations; i++)
            {
                ulong iterationSeed = BaseSeed + (ulong)i;
                var random = new SplitMix64(iterationSeed);
                byte[] input = Mutate(seed, random);
                string path = Path.Combine(folder, name);
                File.WriteAllBytes(path, input);
                var options = new ScanOptions { MaxThreads = 1, BlockBytes = 512 << random.Next(4), ParquetTimeBudget = TimeSpan.FromSeconds(2) };
                try
                {
                    DatasetScanner.ScanPath(path, options);
                }
                catch (GateInputException ex)
                {
                    Assert.All(ex.Errors, e => Assert.StartsWith("GATE1", e.Code));
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{name}, seed {iterationSeed} (GATE_FUZZ_SEED={BaseSeed}, iteration {i}): {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}\n--- input (base64) ---\n{Convert.ToBase64String(input)}");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// JSON Lines and text are scanned in chunks on several threads (a compressed file is inflated
    /// on one thread and its chunks scanned by others): on mutated input, one thread and several
    /// must agree on the fingerprint, or both refuse it with the same GATE1xx code (for a broken
    /// compressed stream the line may differ: it is placed after the lines handed out, which one
    /// thread counts at block granularity).
    /// </summary>
    [Theory]
    [InlineData("x.jsonl")]
    [InlineData("x.jsonl.gz")]
    [InlineData("x.txt.zst")]
    public void Mutated_lines_give_the_same_outcome_on_one_thread_and_several(string name)
    {
        byte[] seed = Seed(name), plain = Seed(Path.GetFileNameWithoutExtension(name));
        string folder = Path.Combine(Path.GetTempPath(), "gate-reader-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            for (int i = 0; i < Iterations / 2; i++)
            {
                ulong iterationSeed = BaseSeed + (ulong)i;
                var random = new SplitMix64(iterationSeed);
                string path = Path.Combine(folder, name);
                // Half the inputs are mutated text in an intact compressed stream, half a mutated stream.
                File.WriteAllBytes(path, i % 2 == 0 ? Compress(name, Mutate(plain, random)) : Mutate(seed, random));
                int block = 512 << random.Next(4);
                // In an intact stream every error is the content's, at the same line on any thread count.
                bool lines = i % 2 == 0;
                string one = Outcome(path, new ScanOptions { MaxThreads = 1, BlockBytes = block }, lines);
                string several = Outcome(path, new ScanOptions { MaxThreads = 3, BlockBytes = block, ParallelChunkBytes = 64 + random.Next(2048) }, lines);
                Assert.True(one == several, $"{name}, seed {iterationSeed}: one thread gave {one}, several {several}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        static string Outcome(string path, ScanOptions options, bool lines)
        {
            try
            {
                DatasetFingerprint fingerprint = DatasetScanner.ScanPath(path, options);
                return $"{fingerprint.Sha256} {fingerprint.Features!.Digest()}";
            }
            catch (GateInputException ex)
            {
                return string.Join(",", ex.Errors.Select(e => lines ? $"{e.Code} line {e.Location?.Line}: {e.Message}" : e.Code));
            }
        }
    }

    /// <summary>Inputs the fuzzer found, kept so they stay fixed.</summary>
    [Fact]
    public void A_parquet_footer_that_made_the_former_library_loop_is_corrupt_data_not_a_hang()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions", "parquet-footer-loop.parquet");

        var error = Assert.Throws<GateInputException>(() =>
            DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = 1, ParquetTimeBudget = TimeSpan.FromSeconds(5) }));

        Assert.Equal("GATE111", Assert.Single(error.Errors).Code);
        Assert.Contains("Parquet footer", error.Errors[0].Message, StringComparison.Ordinal);
    }

    private static byte[] Seed(string name)
    {
        if (name.EndsWith(".parquet", StringComparison.Ordinal))
        {
            return (name.StartsWith("nested", StringComparison.Ordinal) ? NestedParquetSeed() : ParquetSeed()).GetAwaiter().GetResult();
        }

        var rows = Enumerable.Range(0, 40).Select(i => (Prompt: $"The sequence starts with: {i}, {i * 7 % 1000}, {i * 13 % 1000}. Add more.", Completion: $"({i}, {i + 1}, 087)")).ToList();
        string text = name switch
        {
            "x.json" => "[\n" + string.Join(",\n", rows.Select(r => $"  {{\"prompt\": \"{r.Prompt}\", \"completion\": \"{r.Completion}\"}}")) + "\n]\n",
            "x.csv" or "x.csv.zst" => "prompt,completion\n" + string.Concat(rows.Select(r => $"\"{r.Prompt}\",\"{r.Completion}\"\n")),
            "x.tsv" => "prompt\tcompletion\n" + string.Concat(rows.Select(r => $"{r.Prompt}\t{r.Completion}\n")),
            "x.txt" or "x.txt.zst" => string.Concat(rows.Select(r => r.Completion + "\n")),
            _ => string.Concat(rows.Select(r => $"{{\"prompt\":\"{r.Prompt}\\n\",\"completion\":\"{r.Completion}\"}}\n")),
        };
        return Compress(name, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The bytes compressed as the name's last suffix says (.gz, .zst), or as they are.</summary>
    private static byte[] Compress(string name, byte[] bytes)
    {
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            {
                gzip.Write(bytes);
            }

            return buffer.ToArray();
        }

        if (name.EndsWith(".zst", StringComparison.Ordinal))
        {
            using var compressor = new ZstdSharp.Compressor(3);
            return compressor.Wrap(bytes).ToArray();
        }

        return bytes;
    }

    private static async Task<byte[]> ParquetSeed()
    {
        var completion = new DataField("completion", typeof(string));
        var n = new DataField("n", typeof(int));
        using var stream = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(completion, n), stream))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(completion, Enumerable.Range(0, 40).Select(i => $"({i}, {i + 1}, 087)").ToArray());
            await group.WriteAsync(n, new ReadOnlyMemory<int>([.. Enumerable.Range(0, 40)]));
        }

        return stream.ToArray();
    }

    /// <summary>Chat rows with lists of structs, a map and a timestamp: mutations reach the level decoding and the row assembly.</summary>
    private static async Task<byte[]> NestedParquetSeed()
    {
        using var stream = new MemoryStream();
        var rows = Enumerable.Range(0, 40).Select(i => new ChatRow
        {
            Messages = i % 7 == 3 ? null : [.. Enumerable.Range(0, i % 4).Select(m => new ChatMessage { Role = m % 2 == 0 ? "user" : "assistant", Content = m == 2 ? null : $"({i}, {m}, 087)" })],
            Labels = i % 5 == 0 ? null : new() { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Created = i % 6 == 0 ? null : DateTime.UnixEpoch.AddSeconds(i * 86_401),
        });
        await Parquet.Serialization.ParquetSerializer.SerializeAsync(rows, stream);
        return stream.ToArray();
    }

    public sealed class ChatRow
    {
        public List<ChatMessage>? Messages { get; set; }

        public Dictionary<string, string>? Labels { get; set; }

        public DateTime? Created { get; set; }
    }

    public sealed class ChatMessage
    {
        public string? Role { get; set; }

        public string? Content { get; set; }
    }

    private static byte[] Mutate(byte[] seed, SplitMix64 random)
    {
        var data = new List<byte>(seed);
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            int at = data.Count == 0 ? 0 : random.Next(data.Count + 1);
            switch (random.Next(5))
            {
                case 0:
                    data.RemoveRange(at, data.Count - at); // truncate
                    break;
                case 1 when data.Count > 0:
                    int flip = Math.Min(at, data.Count - 1);
                    data[flip] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    data.InsertRange(at, Inserts[random.Next(Inserts.Length)]);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(Math.Min(at, data.Count - 1), Math.Min(1 + random.Next(16), data.Count - Math.Min(at, data.Count - 1)));
                    break;
                default:
                    data.InsertRange(at, Enumerable.Repeat(Inserts[random.Next(Inserts.Length)][0], 1 + random.Next(2000)));
                    break;
            }
        }

        return [.. data];
    }
}
