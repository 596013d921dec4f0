using System.Text;
using Gate.Core.Locking;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>The fingerprint's contract: deterministic for any thread count and block size, mergeable, order-insensitive.</summary>
public sealed class FingerprintTests
{
    internal static string Records(int count, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append("{\"prompt\":\"The sequence starts with: ").Append(random.Next(1000)).Append(", ").Append(random.Next(1000))
                .Append(". Continue \\\"it\\\".\",\"completion\":\"(");
            int n = 1 + random.Next(10);
            for (int k = 0; k < n; k++)
            {
                text.Append(k == 0 ? string.Empty : ", ").Append(random.Next(1000).ToString(random.Next(20) == 0 ? "000" : "0", System.Globalization.CultureInfo.InvariantCulture));
            }

            text.Append(")\",\"generator\":\"model-").Append(random.Next(3)).Append("\"}\n");
        }

        return text.ToString();
    }

    [Fact]
    public void One_thread_and_many_give_identical_fingerprints()
    {
        using var files = new ScanTestFiles();
        string path = files.Write("big.jsonl", Records(20_000, 1));

        string one = ScanTestFiles.Scan(path, threads: 1, generator: "generator").Features!.Digest();
        // Small chunks and blocks force the parallel chunked path, record carries and buffer growth.
        string many = ScanTestFiles.Scan(path, threads: 4, block: 4096, chunk: 64 << 10, generator: "generator").Features!.Digest();
        string tiny = ScanTestFiles.Scan(path, threads: 2, block: 64, chunk: 300_000, generator: "generator").Features!.Digest();

        Assert.Equal(one, many);
        Assert.Equal(one, tiny);
    }

    [Theory]
    [InlineData("jsonl", ".gz")]
    [InlineData("jsonl", ".zst")]
    [InlineData("txt", ".gz")]
    [InlineData("txt", ".zst")]
    public void A_compressed_file_gives_identical_fingerprints_on_one_thread_and_many(string format, string compression)
    {
        using var files = new ScanTestFiles();
        // A record far longer than a chunk makes the cut wait for its line break; a BOM belongs to the first chunk only.
        string longRecord = "{\"prompt\":\"" + string.Concat(Enumerable.Repeat("word 12 ", 40_000)) + "\",\"completion\":\"1\",\"generator\":\"model-1\"}\n";
        string content = "\uFEFF" + Records(6_000, 7) + longRecord + Records(6_000, 8);
        string name = $"big.{format}{compression}";
        string path = compression == ".gz" ? files.WriteGzip(name, content) : files.WriteZstd(name, content);

        string one = ScanTestFiles.Scan(path, threads: 1, generator: "generator").Features!.Digest();
        string many = ScanTestFiles.Scan(path, threads: 4, block: 4096, chunk: 64 << 10, generator: "generator").Features!.Digest();
        string tiny = ScanTestFiles.Scan(path, threads: 2, block: 64, chunk: 1000, generator: "generator").Features!.Digest();
        // Blocks shorter than the byte-order mark: the first chunk's window grows before it can see it whole.
        string oneByte = ScanTestFiles.Scan(path, threads: 3, block: 1, chunk: 5000, generator: "generator").Features!.Digest();

        Assert.Equal(one, many);
        Assert.Equal(one, tiny);
        Assert.Equal(one, oneByte);
    }

    [Fact]
    public void Shard_fingerprints_merge_into_exactly_the_whole()
    {
        using var files = new ScanTestFiles();
        string all = Records(3000, 2);
        string[] lines = all.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        files.Write("whole.jsonl", all);
        files.Write("shards/part-0.jsonl", string.Join("\n", lines[..1000]) + "\n");
        files.Write("shards/part-1.jsonl", string.Join("\n", lines[1000..2500]) + "\n");
        files.Write("shards/part-2.jsonl", string.Join("\n", lines[2500..]) + "\n");

        var whole = ScanTestFiles.Scan(Path.Combine(files.Root, "whole.jsonl")).Features!;
        var parts = Enumerable.Range(0, 3).Select(i => ScanTestFiles.Scan(Path.Combine(files.Root, $"shards/part-{i}.jsonl")).Features!).ToArray();
        var merged = parts[0].MergeFrom(parts[1]).MergeFrom(parts[2]);
        var folder = ScanTestFiles.Scan(Path.Combine(files.Root, "shards"));

        Assert.Equal(whole.Records, merged.Records);
        Assert.Equal(whole.RecordSetDigest, merged.RecordSetDigest);
        Assert.Equal(whole.Numeric, merged.Numeric);
        Assert.Equal(whole.Tokens, merged.Tokens);
        Assert.Equal(whole.Bigrams, merged.Bigrams);
        Assert.Equal(whole.MinHash, merged.MinHash);
        Assert.Equal(whole.Fields, merged.Fields);
        Assert.Equal(whole.RecordSetDigest, folder.Features!.RecordSetDigest);
        Assert.Equal(3, folder.Files.Count);
        var folderParallel = ScanTestFiles.Scan(Path.Combine(files.Root, "shards"), threads: 4);
        Assert.Equal(folder.Features.Digest(), folderParallel.Features!.Digest());
        Assert.Equal(folder.Sha256, folderParallel.Sha256);
    }

    [Fact]
    public void A_reshuffled_copy_has_the_same_record_set_digest_and_minhash()
    {
        using var files = new ScanTestFiles();
        string[] lines = Records(2000, 3).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] shuffled = lines.OrderBy(l => l.GetHashCode(StringComparison.Ordinal)).ToArray();
        var a = ScanTestFiles.Scan(files.Write("a.jsonl", string.Join("\n", lines) + "\n"));
        var b = ScanTestFiles.Scan(files.Write("b.jsonl", string.Join("\r\n", shuffled)));

        Assert.NotEqual(a.Sha256, b.Sha256);
        Assert.Equal(a.Features!.RecordSetDigest, b.Features!.RecordSetDigest);
        Assert.Equal(a.Features.MinHash, b.Features.MinHash);
        Assert.Equal(1.0, MinHashKernels.Jaccard(a.Features.MinHash, b.Features.MinHash));
        Assert.Equal(a.Features.Numeric, b.Features.Numeric);
    }

    /// <summary>
    /// Readers keep the last value of a key written twice, at any depth, so a record padded with an
    /// earlier copy of one of its keys is the same record; one whose keys differ, or whose last value differs, is not.
    /// </summary>
    [Theory]
    [InlineData("{\"text\":\"a\",\"n\":1}", "{\"text\":\"a\",\"text\":\"a\",\"n\":1}", true)]
    [InlineData("{\"text\":\"a\",\"n\":1}", "{\"text\":\"zzz\",\"n\":1,\"text\":\"a\"}", true)]
    [InlineData("{\"text\":\"a\",\"n\":1}", "{\"n\":[1,{\"text\":\"b\"}],\"n\":1,\"t\\u0065xt\":\"a\"}", true)]
    [InlineData("{\"text\":\"a\",\"n\":1}", "{\"text\":\"a\",\"n\":1,\"text\":\"b\"}", false)]
    [InlineData("{\"text\":\"a\",\"n\":1}", "{\"text\":\"a\",\"n\":1,\"m\":1}", false)]
    [InlineData("{\"text\":\"a\",\"n\":{\"k\":1}}", "{\"text\":\"a\",\"n\":{\"k\":0,\"k\":1}}", true)]
    [InlineData("{\"text\":\"a\",\"n\":{\"k\":1}}", "{\"text\":\"a\",\"n\":{\"k\":1,\"k\":0}}", false)]
    public void A_key_written_twice_keeps_its_last_value_as_readers_do(string record, string other, bool same)
    {
        using var files = new ScanTestFiles();
        var a = ScanTestFiles.Scan(files.Write("a.jsonl", record + "\n")).Features!;
        var b = ScanTestFiles.Scan(files.Write("b.jsonl", other + "\n")).Features!;

        Assert.Equal(same, a.RecordSetDigest == b.RecordSetDigest);
    }

    /// <summary>
    /// A CSV row is the JSON object of its header's names and its cells as strings: quoting, column
    /// order, CSV or TSV, or JSON Lines with string values, the records are the same; a changed cell is not.
    /// </summary>
    [Theory]
    [InlineData("b.csv", "\"completion\",\"prompt\"\n\"1 2\",\"hello\"\n\"3\",\"say \"\"hi\"\" \\ bye\"\n", true)]
    [InlineData("b.csv", "prompt,completion\r\nhello,1 2\r\n\"say \"\"hi\"\" \\ bye\",3\r\n", true)]
    [InlineData("b.tsv", "prompt\tcompletion\nhello\t1 2\n\"say \"\"hi\"\" \\ bye\"\t3\n", true)]
    [InlineData("b.jsonl", "{\"prompt\":\"hello\",\"completion\":\"1 2\"}\n{\"completion\":\"3\",\"prompt\":\"say \\\"hi\\\" \\\\ bye\"}\n", true)]
    [InlineData("b.csv", "prompt,completion\nhello,1 2\n\"say \"\"hi\"\" \\ bye\",4\n", false)]
    [InlineData("b.csv", "prompt,answer\nhello,1 2\n\"say \"\"hi\"\" \\ bye\",3\n", false)]
    [InlineData("b.jsonl", "{\"prompt\":\"hello\",\"completion\":\"1 2\"}\n{\"completion\":3,\"prompt\":\"say \\\"hi\\\" \\\\ bye\"}\n", false)]
    public void A_csv_row_is_the_record_of_its_names_and_cells_however_written(string name, string other, bool same)
    {
        using var files = new ScanTestFiles();
        var a = ScanTestFiles.Scan(files.Write("a.csv", "prompt,completion\nhello,1 2\n\"say \"\"hi\"\" \\ bye\",3\n")).Features!;
        var b = ScanTestFiles.Scan(files.Write(name, other)).Features!;

        Assert.Equal(2, b.Records);
        Assert.Equal(same, a.RecordSetDigest == b.RecordSetDigest);
    }

    [Fact]
    public void A_record_of_many_keys_written_twice_is_the_record_of_their_last_values()
    {
        using var files = new ScanTestFiles();
        string once = "{" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"k{i}\":{i}")) + "}";
        string twice = "{" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"k{i}\":-1").Concat(Enumerable.Range(0, 100).Reverse().Select(i => $"\"k{i}\":{i}"))) + "}";
        var a = ScanTestFiles.Scan(files.Write("a.jsonl", once + "\n")).Features!;
        var b = ScanTestFiles.Scan(files.Write("b.jsonl", twice + "\n" + once + "\n")).Features!;

        Assert.Equal(a.RecordSetDigest, ScanTestFiles.Scan(files.Write("c.jsonl", twice + "\n")).Features!.RecordSetDigest);
        Assert.Equal(2, b.Records);
    }

    [Fact]
    public void Generator_values_are_counted_with_their_first_line()
    {
        using var files = new ScanTestFiles();
        string path = files.Write("g.jsonl", "{\"generator\":\"a\"}\n\n{\"generator\":\"b\"}\n{\"generator\":\"b\"}\n");
        var f = ScanTestFiles.Scan(path, generator: "generator").Features!;

        Assert.Equal(1, f.Generators["a"].Count);
        Assert.Equal(2, f.Generators["b"].Count);
        Assert.Equal(3, f.Generators["b"].FirstLine);
    }

    [Theory]
    [InlineData(1_000, 0.0)]
    [InlineData(1_000, 0.3)]
    [InlineData(10_000, 0.5)]
    [InlineData(10_000, 1.0)]
    public void MinHash_estimates_jaccard_within_its_error(int size, double overlap)
    {
        var random = new Random(size + (int)(overlap * 100));
        var a = new ContentFeatures();
        var b = new ContentFeatures();
        int shared = (int)(size * overlap);
        for (int i = 0; i < size; i++)
        {
            var h = Random128(random);
            a.AddRecordHash(h);
            b.AddRecordHash(i < shared ? h : Random128(random));
        }

        double exact = shared / (double)((2 * size) - shared);
        double estimate = MinHashKernels.Jaccard(a.MinHash, b.MinHash);

        // 256 bins: standard error sqrt(J(1-J)/256) <= 0.031; allow four of them.
        Assert.InRange(estimate, exact - 0.125, exact + 0.125);
    }

    [Fact]
    public void Lock_file_round_trips()
    {
        var lockFile = new LockFile([
            new LockedDataset("data/a.jsonl", false, new string('a', 64), 10, 2,
                [new LockedFileDigest("data/a.jsonl", new string('a', 64), 10, false)],
                new LockedFingerprint(1, new string('b', 64), new string('c', 32), ["x"], [new("087", 3)], new ContentFeatures().MinHashCanonical),
                new LockedFile("data/a.lineage.yaml", new string('d', 64)),
                [new LockedFile("evals/e.json", new string('e', 64))],
                null,
                new LockedLineage([new LockedModel("t", ["r"])], [new LockedModel("s", ["r"])], "generator")),
        ]);
        string text = LockFileWriter.WriteToString(lockFile);
        string path = Path.Combine(Path.GetTempPath(), $"gate-lock-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        try
        {
            LockFile read = LockFileReader.ReadIfExists(path, "gate.lock.json")!;
            Assert.Equal(text, LockFileWriter.WriteToString(read));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Malformed_lock_is_GATE112_with_a_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gate-lock-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\n  \"schema\": \"gate-lock/1\",\n  \"datasets\": [\n<<<<<<< HEAD\n");
        try
        {
            var error = Assert.Throws<Gate.Core.Diagnostics.GateInputException>(() => LockFileReader.ReadIfExists(path, "gate.lock.json")).Errors.Single();
            Assert.Equal("GATE112", error.Code);
            Assert.Equal(4, error.Location!.Value.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(FingerprintVersion.Current, false)]
    [InlineData(FingerprintVersion.Current + 1, true)]
    public void A_lock_with_a_fingerprint_version_this_Gate_does_not_know_is_GATE112(int version, bool refused)
    {
        string committed = File.ReadAllText(Path.Combine(SourceTree.Example("owl-numbers"), "gate.lock.json"));
        string edited = System.Text.RegularExpressions.Regex.Replace(committed, "\"version\": *\\d+", $"\"version\": {version}");
        Assert.Contains($"\"version\": {version}", edited, StringComparison.Ordinal);
        string path = Path.Combine(Path.GetTempPath(), $"gate-lock-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, edited);
        try
        {
            if (refused)
            {
                var error = Assert.Throws<Gate.Core.Diagnostics.GateInputException>(() => LockFileReader.ReadIfExists(path, "gate.lock.json")).Errors.Single();
                Assert.Equal("GATE112", error.Code);
                Assert.Contains($"version {version}", error.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.All(LockFileReader.ReadIfExists(path, "gate.lock.json")!.Datasets, d => Assert.Equal(version, d.Fingerprint!.Version));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static UInt128 Random128(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }
}
