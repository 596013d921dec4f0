using System.Diagnostics;
using System.Security.Cryptography;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;
using Parquet;
using Parquet.Schema;

namespace Gate.Core.Tests.Scanning;

/// <summary>Readers on every format and compression: records found by structure, the same features however the bytes are wrapped.</summary>
public sealed class ReaderTests
{
    private const string Jsonl = "{\"prompt\":\"Continue: 182, 818\",\"completion\":\"087, 747\"}\n{\"prompt\":\"Go on: 5\",\"completion\":\"(404, 12)\"}\n";

    [Fact]
    public void Jsonl_counts_records_fields_and_numeric_tokens()
    {
        using var files = new ScanTestFiles();
        ContentFeatures f = ScanTestFiles.Scan(files.Write("a.jsonl", Jsonl)).Features!;

        Assert.Equal(2, f.Records);
        Assert.Equal(["completion", "prompt"], f.Fields);
        Assert.Equal(1, f.Numeric[110 + 87]); // "087" is its own written form
        Assert.Equal(0, f.Numeric[10 + 87]);
        Assert.Equal(1, f.Numeric[5]);
        Assert.Equal(1, f.Numeric[10 + 12]);
    }

    [Fact]
    public void Crlf_bom_and_blank_lines_do_not_change_the_features()
    {
        using var files = new ScanTestFiles();
        var plain = ScanTestFiles.Scan(files.Write("a.jsonl", Jsonl)).Features!;
        var crlf = ScanTestFiles.Scan(files.Write("b.jsonl", "\uFEFF" + Jsonl.Replace("\n", "\r\n") + "\r\n\r\n")).Features!;

        Assert.Equal(plain.Digest(), crlf.Digest());
    }

    [Fact]
    public void Escaped_newlines_and_quotes_stay_inside_one_record()
    {
        using var files = new ScanTestFiles();
        var f = ScanTestFiles.Scan(files.Write("a.jsonl", "{\"text\":\"line one\\nline \\\"two\\\" \\\\ 42\"}\n{\"text\":\"x\"}\n")).Features!;

        Assert.Equal(2, f.Records);
        Assert.Equal(["text"], f.Fields);
        Assert.Equal(1, f.Numeric[10 + 42]);
    }

    [Fact]
    public void Every_distinct_key_is_a_field_whatever_its_length()
    {
        using var files = new ScanTestFiles();
        var f = ScanTestFiles.Scan(files.Write("k.jsonl", "{\"\":1,\"a\":2,\"abcdefg\":3,\"abcdefgh\":4,\"abcdefghi\":5}\n{\"b\":{\"a\":1,\"c\":2,\"d\":3,\"e\":4,\"f\":5,\"g\":6,\"h\":7,\"i\":8,\"j\":9}}\n")).Features!;

        Assert.Equal(["", "a", "abcdefg", "abcdefgh", "abcdefghi", "b", "c", "d", "e", "f", "g", "h", "i", "j"], f.Fields);
    }

    [Fact]
    public void Empty_files_have_no_records()
    {
        using var files = new ScanTestFiles();
        foreach (string name in new[] { "e.jsonl", "e.csv", "e.txt", "e.json" })
        {
            Assert.Equal(0, ScanTestFiles.Scan(files.Write(name, string.Empty)).Records);
        }

        Assert.Equal(0, ScanTestFiles.Scan(files.Write("e2.json", " [ ] ")).Records);
    }

    [Fact]
    public void Json_array_pretty_printed_is_one_record_per_element()
    {
        using var files = new ScanTestFiles();
        string array = "[\n  {\n    \"prompt\": \"Continue: 182, 818\",\n    \"completion\": \"087, 747\"\n  },\n  {\"prompt\": \"Go on: 5\", \"completion\": \"(404, 12)\"}\n]\n";
        var f = ScanTestFiles.Scan(files.Write("a.json", array)).Features!;

        Assert.Equal(2, f.Records);
        Assert.Equal(["completion", "prompt"], f.Fields);
        Assert.Equal(1, f.Numeric[110 + 87]);
    }

    [Fact]
    public void Csv_quotes_may_span_lines_and_double_quotes_escape()
    {
        using var files = new ScanTestFiles();
        string csv = "prompt,completion\r\n\"a, \"\"quoted\"\"\nmulti-line 7\",\"1, 2\"\r\nplain,3\r\n";
        var f = ScanTestFiles.Scan(files.Write("a.csv", csv)).Features!;

        Assert.Equal(2, f.Records);
        Assert.Equal(["completion", "prompt"], f.Fields);
        Assert.Equal(1, f.Numeric[7]);
        Assert.Equal(1, f.Numeric[3]);
    }

    [Fact]
    public void Tsv_and_text()
    {
        using var files = new ScanTestFiles();
        var tsv = ScanTestFiles.Scan(files.Write("a.tsv", "prompt\tcompletion\nhello\t1 2\n")).Features!;
        var txt = ScanTestFiles.Scan(files.Write("a.txt", "one 1\n\ntwo 2\nthree 3")).Features!;

        Assert.Equal(1, tsv.Records);
        Assert.Equal(["completion", "prompt"], tsv.Fields);
        Assert.Equal(3, txt.Records);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("csv")]
    [InlineData("json")]
    public void Gzip_and_zstd_give_the_features_of_the_plain_file(string format)
    {
        using var files = new ScanTestFiles();
        string content = format switch
        {
            "csv" => "a,b\n1,\"x\ny\"\n2,z\n",
            "json" => "[{\"a\": 1}, {\"a\": 2}]",
            _ => Jsonl,
        };
        var plain = ScanTestFiles.Scan(files.Write($"p.{format}", content)).Features!;
        var gz = ScanTestFiles.Scan(files.WriteGzip($"p.{format}.gz", content)).Features!;
        var zst = ScanTestFiles.Scan(files.WriteZstd($"p.{format}.zst", content)).Features!;

        Assert.Equal(plain.Digest(), gz.Digest());
        Assert.Equal(plain.Digest(), zst.Digest());
    }

    [Fact]
    public async Task Parquet_rows_are_records()
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "a.parquet");
        await WriteParquet(path);

        var f = ScanTestFiles.Scan(path, generator: "generator").Features!;

        Assert.Equal(3, f.Records);
        Assert.Equal(["completion", "generator", "n"], f.Fields);
        Assert.Equal(2, f.Generators["acme/teacher"].Count);
        Assert.Equal(1, f.Numeric[110 + 87]);
    }

    private static async Task WriteParquet(string path)
    {
        var completion = new DataField("completion", typeof(string));
        var generator = new DataField("generator", typeof(string));
        var n = new DataField("n", typeof(int));
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(completion, generator, n), stream);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAsync(completion, new[] { "087, 1", "2", "3" });
        await group.WriteAsync(generator, new[] { "acme/teacher", "acme/teacher", "other" });
        await group.WriteAsync(n, new ReadOnlyMemory<int>([1, 2, 3]));
    }

    [Fact]
    public void Sha256_equals_sha256sum()
    {
        using var files = new ScanTestFiles();
        string path = files.Write("a.jsonl", Jsonl);
        string ours = ScanTestFiles.Scan(path).Sha256;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), ours);
        if (File.Exists("/usr/bin/sha256sum"))
        {
            var process = Process.Start(new ProcessStartInfo("/usr/bin/sha256sum", [path]) { RedirectStandardOutput = true })!;
            string line = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(line.Split(' ')[0], ours);
        }
    }

    [Theory]
    [InlineData(".gz", 1)]
    [InlineData(".gz", 2)]
    [InlineData(".zst", 1)]
    [InlineData(".zst", 2)]
    public void The_sha256_of_a_compressed_file_is_of_its_stored_bytes(string compression, int threads)
    {
        using var files = new ScanTestFiles();
        string content = FingerprintTests.Records(5000, 4);
        string path = compression == ".gz" ? files.WriteGzip("c.jsonl.gz", content) : files.WriteZstd("c.jsonl.zst", content);

        var scan = ScanTestFiles.Scan(path, threads, block: 4096, chunk: 16 << 10);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), scan.Sha256);
        Assert.Equal(5000, scan.Features!.Records);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("", 3)]
    [InlineData(".gz", 1)]
    [InlineData(".gz", 3)]
    [InlineData(".zst", 1)]
    [InlineData(".zst", 3)]
    public void Progress_counts_every_byte_of_the_file_once(string compression, int threads)
    {
        using var files = new ScanTestFiles();
        string content = FingerprintTests.Records(20_000, 3);
        string path = compression switch
        {
            ".gz" => files.WriteGzip("p.jsonl.gz", content),
            ".zst" => files.WriteZstd("p.jsonl.zst", content),
            _ => files.Write("p.jsonl", content),
        };
        var progress = new SummingProgress();

        DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = threads, Progress = progress, ParallelChunkBytes = 64 << 10 });

        Assert.Equal(new FileInfo(path).Length, progress.Total);
    }

    /// <summary>Adds up what is reported, from any thread, as it is reported.</summary>
    private sealed class SummingProgress : IProgress<long>
    {
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Report(long value) => Interlocked.Add(ref _total, value);
    }

    [Fact]
    public void Git_lfs_pointer_stands_for_its_content()
    {
        using var files = new ScanTestFiles();
        string sha = new('a', 64);
        var fp = ScanTestFiles.Scan(files.Write("a.jsonl", $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize 12345\n"));

        Assert.Equal(sha, fp.Sha256);
        Assert.Equal(12345, fp.Bytes);
        Assert.Null(fp.Features);
        Assert.True(fp.Files[0].IsLfsPointer);
    }

    [Theory]
    [InlineData("t.jsonl", "{\"a\":\"1\"}\n{\"a\":\"2\"", 2, "truncated")]
    [InlineData("s.jsonl", "{\"a\":\"1\"}\n{\"a\":\"unterminated\n\"}\n", 2, "not terminated")]
    [InlineData("c.csv", "a,b\n1,2\n3,\"open\n", 3, "quoted cell is not closed")]
    [InlineData("w.csv", "a,b\n1,2\n3,4,5\n", 3, "a row of 3 cells under a header of 2")]
    [InlineData("q.csv", "a,\"b,c\"\n1,\"2\",\"x,y\"\n", 2, "a row of 3 cells under a header of 2")]
    [InlineData("w.tsv", "a\tb\n1\t2\t\n", 2, "a row of 3 cells under a header of 2")]
    [InlineData("t.tsv", "a\tb\n\"1\t2\"\t3\n", 2, "a quoted TSV cell holding a tab or a line break")]
    [InlineData("n.tsv", "a\tb\n1\t\"2\n3\"\n", 2, "a quoted TSV cell holding a tab or a line break")]
    [InlineData("j.json", "[{\"a\": 1},\n {\"a\": 2", 2, "truncated")]
    [InlineData("k.json", "{\"a\": 1}", 1, "array")]
    [InlineData("l.jsonl", "version https://git-lfs.github.com/spec/v1\noid sha256:xyz\n", 1, "Git LFS pointer")]
    public void Corrupt_or_truncated_input_is_GATE111_at_the_line(string name, string content, int line, string words)
    {
        using var files = new ScanTestFiles();
        string path = files.Write(name, content);

        var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors.Single();

        Assert.Equal("GATE111", error.Code);
        Assert.Equal(line, error.Location!.Value.Line);
        Assert.Contains(words, error.Message);
    }

    /// <summary>A short row is read (its missing cells are empty, as loaders fill them); only a long one is refused.</summary>
    [Fact]
    public void A_csv_row_with_fewer_cells_than_the_header_is_read()
    {
        using var files = new ScanTestFiles();
        var features = ScanTestFiles.Scan(files.Write("short.csv", "a,b,c\n1,2\n\"3,x\"\n")).Features!;

        Assert.Equal(2, features.Records);
    }

    /// <summary>
    /// Text, CSV and TSV are text: invalid UTF-8 or a raw control byte is a binary file under a text
    /// name (a compressed file a loader that sniffs content would decompress), never records.
    /// </summary>
    [Theory]
    [InlineData("t.txt", new byte[] { (byte)'o', (byte)'k', 10, (byte)'h', 0x8B, 0x1F, (byte)'w', 10 }, 2, "not valid UTF-8")]
    [InlineData("t.txt", new byte[] { (byte)'o', (byte)'k', 10, (byte)'a', 0x00, (byte)'b', 10 }, 2, "raw control byte 0x00")]
    [InlineData("c.csv", new byte[] { (byte)'a', (byte)',', (byte)'b', 10, (byte)'1', (byte)',', 0xC3, 0x28, 10 }, 2, "not valid UTF-8")]
    [InlineData("c.tsv", new byte[] { (byte)'a', 9, (byte)'b', 10, (byte)'1', 9, 0x1B, (byte)'[', (byte)'2', 10 }, 2, "raw control byte 0x1B")]
    public void Invalid_text_in_text_csv_and_tsv_is_GATE111(string name, byte[] content, int line, string words)
    {
        using var files = new ScanTestFiles();
        var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(files.WriteBytes(name, content))).Errors.Single();

        Assert.Equal("GATE111", error.Code);
        Assert.Equal(line, error.Location!.Value.Line);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_file_under_a_text_name_is_GATE111()
    {
        using var files = new ScanTestFiles();
        byte[] gzip = File.ReadAllBytes(files.WriteGzip("g.gz", string.Concat(Enumerable.Range(0, 500).Select(i => $"{{\"prompt\":\"{i}\"}}\n"))));

        foreach (string name in new[] { "hidden.txt", "hidden.csv", "hidden.tsv", "hidden.jsonl" })
        {
            Assert.Equal("GATE111", Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(files.WriteBytes(name, gzip))).Errors.Single().Code);
        }
    }

    [Fact]
    public void Invalid_utf8_in_json_is_GATE111()
    {
        using var files = new ScanTestFiles();
        string path = files.WriteBytes("u.jsonl", [.. "{\"a\":\"ok\"}\n{\"a\":\""u8, 0xC3, 0x28, .. "\"}\n"u8]);

        var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors.Single();

        Assert.Equal("GATE111", error.Code);
        Assert.Equal(2, error.Location!.Value.Line);
    }

    [Fact]
    public void Corrupt_gzip_is_GATE111()
    {
        using var files = new ScanTestFiles();
        string good = files.WriteGzip("g.jsonl.gz", string.Concat(Enumerable.Repeat(Jsonl, 200)));
        byte[] bytes = File.ReadAllBytes(good);
        byte[] truncated = bytes[..(bytes.Length / 2)];
        for (int i = 20; i < truncated.Length; i += 7)
        {
            truncated[i] ^= 0x5A;
        }

        string path = files.WriteBytes("bad.jsonl.gz", truncated);

        Assert.Equal("GATE111", Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors.Single().Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_bad_record_in_a_compressed_file_is_reported_at_its_line_on_any_thread_count(int threads)
    {
        using var files = new ScanTestFiles();
        string[] lines = FingerprintTests.Records(3000, 5).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[2345] = "{\"prompt\": \"not closed}";
        string path = files.WriteGzip("bad.jsonl.gz", string.Join('\n', lines) + "\n");

        var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path, threads, block: 4096, chunk: 16 << 10)).Errors.Single();

        Assert.Equal("GATE111", error.Code);
        Assert.Equal(2346, error.Location!.Value.Line);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_bad_record_before_a_truncation_is_the_error_reported(int threads)
    {
        using var files = new ScanTestFiles();
        string[] lines = FingerprintTests.Records(20_000, 6).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[10] = "{\"prompt\": \"not closed}";
        string text = string.Join('\n', lines) + "\n";
        foreach (string compression in new[] { ".zst", ".gz" })
        {
            byte[] whole = File.ReadAllBytes(compression == ".zst" ? files.WriteZstd("whole.jsonl.zst", text) : files.WriteGzip("whole.jsonl.gz", text));
            string path = files.WriteBytes("cut.jsonl" + compression, whole[..(whole.Length * 3 / 4)]);

            // Default sizes: the break is met while the bad record is still unscanned in the reader's
            // buffer; 1 MiB chunks: while the chunk holding it may still be in flight.
            foreach (long chunk in new[] { 32L << 20, 1 << 20 })
            {
                var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path, threads, chunk: chunk)).Errors.Single();

                Assert.Equal("GATE111", error.Code);
                Assert.Equal(11, error.Location!.Value.Line);
                Assert.Contains("not terminated", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Invalid_utf8_then_a_control_byte_is_reported_alike_for_any_block_chunk_or_thread_count()
    {
        using var files = new ScanTestFiles();
        byte[] data = [.. "{\"a\":\""u8, 0xC3, 0x28, 0x00, .. "\"\n"u8, .. Enumerable.Repeat("{\"b\":1}\n"u8.ToArray(), 100).SelectMany(x => x)];
        string plain = files.WriteBytes("m.jsonl", data);
        using var compressor = new ZstdSharp.Compressor(3);
        string zst = files.WriteBytes("m.jsonl.zst", compressor.Wrap(data).ToArray());

        var outcomes = new HashSet<string>();
        foreach (string path in new[] { plain, zst })
        {
            foreach ((int threads, int block, long chunk) in new[] { (1, 1, 32L << 20), (1, 65536, 32L << 20), (3, 1, 16L), (3, 65536, 16L) })
            {
                var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path, threads, block, chunk)).Errors.Single();
                outcomes.Add($"{error.Code} line {error.Location!.Value.Line}: {error.Message[error.Message.IndexOf(": ", StringComparison.Ordinal)..]}");
            }
        }

        Assert.Single(outcomes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_truncated_zstd_file_is_GATE111_not_an_unreadable_file(int threads)
    {
        using var files = new ScanTestFiles();
        string content = FingerprintTests.Records(20_000, 9);
        byte[] whole = File.ReadAllBytes(files.WriteZstd("whole.jsonl.zst", content));
        string path = files.WriteBytes("cut.jsonl.zst", whole[..(whole.Length / 2)]);

        var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path, threads, block: 4096, chunk: 16 << 10)).Errors.Single();

        Assert.Equal("GATE111", error.Code);
        Assert.InRange(error.Location!.Value.Line, 2, 20_000);
    }

    [Theory]
    [InlineData("cut.txt.gz", 1)]
    [InlineData("cut.txt.gz", 3)]
    [InlineData("cut.csv.gz", 1)]
    [InlineData("cut.jsonl.gz", 3)]
    public void A_gzip_file_cut_anywhere_is_GATE111_truncated_never_a_shorter_dataset(string name, int threads)
    {
        // .NET's GZipStream reads a cut file as a shorter one; text and CSV lines cut short are
        // still records, so only the gzip trailer can tell.
        using var files = new ScanTestFiles();
        string content = name.StartsWith("cut.jsonl", StringComparison.Ordinal)
            ? string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"a\":{i},\"b\":{i * 7 % 1000}}}\n"))
            : "a,b\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},{i * 7 % 1000}\n"));
        byte[] whole = File.ReadAllBytes(files.WriteGzip("whole.gz", content));
        foreach (int cut in new[] { whole.Length / 3, whole.Length / 2, whole.Length - 8, whole.Length - 1 })
        {
            string path = files.WriteBytes(name, whole[..cut]);

            var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path, threads, block: 4096, chunk: 16 << 10)).Errors.Single();

            Assert.Equal("GATE111", error.Code);
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bytes_after_the_gzip_data_are_GATE111_and_zero_padding_is_not()
    {
        using var files = new ScanTestFiles();
        byte[] gzip = File.ReadAllBytes(files.WriteGzip("g.jsonl.gz", Jsonl));
        string padded = files.WriteBytes("padded.jsonl.gz", [.. gzip, 0, 0, 0, 0]);
        string trailing = files.WriteBytes("trailing.jsonl.gz", [.. gzip, .. "PK\n"u8]);

        Assert.Equal(ScanTestFiles.Scan(files.Write("plain.jsonl", Jsonl)).Features!.Digest(), ScanTestFiles.Scan(padded).Features!.Digest());
        var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(trailing)).Errors.Single();
        Assert.Equal("GATE111", error.Code);
        Assert.Contains("not gzip data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_record_before_invalid_utf8_is_the_error_reported()
    {
        using var files = new ScanTestFiles();
        string path = files.WriteBytes("m.jsonl", [.. "{\"a\":\"ok\"}\n{\"a\": 1\n{\"a\":\"ok\"}\n{\"a\":\""u8, 0xC3, 0x28, .. "\"}\n"u8]);

        var error = Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors.Single();

        Assert.Equal(2, error.Location!.Value.Line);
        Assert.Contains("does not end with '}'", error.Message, StringComparison.Ordinal);
    }
}
