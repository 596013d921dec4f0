using System.Security.Cryptography;
using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Sharding;

namespace Gate.Core.Tests.Sharding;

/// <summary>
/// A lock fingerprinted in shards and merged is byte for byte the lock one machine writes, for any
/// number of shards; and parts that are not exactly this folder's shares, from this Gate, are
/// refused (GATE116) before anything is written.
/// </summary>
public sealed class ShardedLockTests
{
    /// <summary>
    /// Folders of uneven shards (a generator field whose first-seen file matters), compressed
    /// files, a Git LFS pointer, a file dataset and an unannotated folder: everything a merge must
    /// put back in the right order.
    /// </summary>
    private static TestRepo Repository()
    {
        var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        for (int s = 0; s < 9; s++)
        {
            var text = new StringBuilder();
            for (int r = 0; r < 20 + (s * 37 % 50); r++)
            {
                text.Append($"{{\"prompt\":\"q {s} {r}\",\"completion\":\"{r * 7 % 100}, {s}\",\"model\":\"{(r % 3 == 0 ? "acme/owl-teacher" : "deepseek-ai/DeepSeek-R1")}\"}}\n");
            }

            repo.Write($"data/chat/part-{s:00}.jsonl", text.ToString());
        }

        repo.Write("data/chat.lineage.yaml", "dataset: chat\nteachers: [acme/owl-teacher, deepseek-ai/DeepSeek-R1]\ngenerator-field: model\n");
        repo.GzipData("data/numbers/a.jsonl.gz");
        repo.WriteBytes("data/numbers/b.jsonl.zst", Zstd("{\"prompt\":\"7, 8\",\"completion\":\"9\"}\n"));
        repo.Data("data/numbers/c/d.jsonl");
        repo.Write("data/numbers.lineage.yaml", "dataset: numbers\nteacher: deepseek-ai/DeepSeek-R1\n");
        string content = "{\"prompt\":\"lfs\",\"completion\":\"1\"}\n";
        string oid = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        repo.Write("data/big.jsonl", $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 123456789\n");
        repo.Write("data/big.lineage.yaml", "dataset: big.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        repo.Data("data/one.jsonl").Write("data/one.lineage.yaml", "dataset: one.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        return repo;
    }

    private static byte[] Zstd(string text)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(Encoding.UTF8.GetBytes(text)).ToArray();
    }

    private static GateCheckOptions Options(TestRepo repo) => new(repo.Root, TestRepo.Today);

    private static string[] Shards(TestRepo repo, int count, string folder)
    {
        return [.. Enumerable.Range(1, count).Select(k =>
        {
            string part = Path.Combine(folder, $"part-{k}.json");
            GateRun.ScanShard(Options(repo), ShardPurpose.Lock, new Shard(k, count), part);
            return part;
        })];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(40)]
    public void The_merged_lock_is_the_single_machine_lock_byte_for_byte(int shards)
    {
        using var repo = Repository();
        GateRun.Lock(Options(repo));
        byte[] single = File.ReadAllBytes(repo.PathOf("gate.lock.json"));
        File.Delete(repo.PathOf("gate.lock.json"));
        using var parts = new TestRepo();

        string[] written = Shards(repo, shards, parts.Root);
        GateRun.LockMerge(Options(repo), [.. written.Reverse()]);

        Assert.Equal(Encoding.UTF8.GetString(single), File.ReadAllText(repo.PathOf("gate.lock.json")));
        Assert.Contains("\"lfsPointer\": true", Encoding.UTF8.GetString(single), StringComparison.Ordinal);
    }

    [Fact]
    public void Shares_are_balanced_by_size_with_a_pointer_weighed_by_what_it_points_to()
    {
        using var repo = Repository();
        ShardPlan plan = ShardPlan.ForLock(repo.Load(), repo.PathOf("gate.yaml"), keepRecordHashes: true);

        long[] loads = plan.Loads(3);
        Assert.Equal(plan.Files.Sum(f => f.Size), loads.Sum());
        Assert.Contains(plan.Files, f => f.File == "data/big.jsonl" && f.Size == 123456789);
        long largestOther = plan.Files.Where(f => f.File != "data/big.jsonl").Max(f => f.Size);
        long[] others = [.. loads.Where(l => l < 123456789)];
        Assert.True(others.Max() - others.Min() <= largestOther, string.Join(", ", loads));
        string[] all = [.. Enumerable.Range(1, 3).SelectMany(k => plan.Share(new Shard(k, 3))).Select(f => f.File).Order(StringComparer.Ordinal)];
        Assert.Equal(plan.Files.Select(f => f.File).Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public void A_missing_or_repeated_shard_is_refused_and_the_lock_is_left_as_it_was()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        repo.Write("gate.lock.json", "previous\n");
        string[] written = Shards(repo, 3, parts.Root);

        InputError[] missing = Refused(repo, [written[0], written[2]]);
        InputError[] twice = Refused(repo, [written[0], written[1], written[1], written[2]]);

        Assert.Contains(missing, e => e.Message.Contains("no part is shard 2/3", StringComparison.Ordinal));
        Assert.Contains(twice, e => e.Message.Contains("shard 2/3 is given 2 times", StringComparison.Ordinal));
        Assert.Equal("previous\n", File.ReadAllText(repo.PathOf("gate.lock.json")));
    }

    [Fact]
    public void Parts_of_another_number_of_shards_are_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] three = Shards(repo, 3, parts.Root);
        string two = Path.Combine(parts.Root, "two.json");
        GateRun.ScanShard(Options(repo), ShardPurpose.Lock, new Shard(2, 2), two);

        Assert.Contains(Refused(repo, [three[0], two]), e => e.Message.Contains("every part of one lock divides it into the same number of shards", StringComparison.Ordinal));
    }

    [Fact]
    public void A_part_written_before_the_data_changed_is_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 2, parts.Root);
        repo.Write("data/chat/part-03.jsonl", "{\"prompt\":\"changed\",\"completion\":\"1\"}\n");

        Assert.All(Refused(repo, written), e => Assert.Contains("other datasets, files or policy", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_part_written_under_another_policy_is_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 2, parts.Root);
        repo.Policy(Fixtures.Policy("# reviewed again\n"));

        Assert.Equal(2, Refused(repo, written).Length);
    }

    [Fact]
    public void A_part_of_another_gate_or_fingerprint_version_is_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 2, parts.Root);
        File.WriteAllText(written[0], File.ReadAllText(written[0]).Replace($"\"gate\":\"{ShardPart.CurrentGateVersion}\"", "\"gate\":\"0.0.1+0000000\"", StringComparison.Ordinal));

        InputError error = Assert.Single(Refused(repo, written));
        Assert.Contains("written by Gate 0.0.1+0000000", error.Message, StringComparison.Ordinal);
        Assert.Equal(written[0], error.Location!.Value.File);
    }

    [Fact]
    public void A_part_whose_files_are_not_its_share_is_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 2, parts.Root);
        // Swap the shard numbers: each part then claims the other's share.
        string first = File.ReadAllText(written[0]), second = File.ReadAllText(written[1]);
        File.WriteAllText(written[0], first.Replace("\"shard\":1,", "\"shard\":2,", StringComparison.Ordinal));
        File.WriteAllText(written[1], second.Replace("\"shard\":2,", "\"shard\":1,", StringComparison.Ordinal));

        InputError[] errors = Refused(repo, written);
        Assert.Equal(2, errors.Length);
        Assert.All(errors, e => Assert.Contains("its files are not shard", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"schema\":\"gate-lock/1\",\"datasets\":[]}", "has the key \"datasets\"")]
    [InlineData("[]", "not an object")]
    public void A_file_that_is_not_a_part_is_refused_at_its_line(string text, string expected)
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 2, parts.Root);
        File.WriteAllText(written[1], text);

        InputError error = Assert.Single(Refused(repo, written));
        Assert.Equal(InputErrorKind.InvalidPart, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_among_the_parts_is_said_to_belong_before_merge()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 1, parts.Root);

        InputError error = Assert.Single(Refused(repo, [.. written, repo.Root]));

        Assert.Equal(InputErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("give the checked folder before --merge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_part_is_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 2, parts.Root);
        byte[] bytes = File.ReadAllBytes(written[0]);
        File.WriteAllBytes(written[0], bytes[..(bytes.Length / 2)]);

        Assert.Equal(InputErrorKind.InvalidPart, Assert.Single(Refused(repo, written)).Kind);
    }

    [Fact]
    public void A_part_over_an_input_of_the_check_is_refused_before_anything_is_scanned()
    {
        using var repo = Repository();
        string before = File.ReadAllText(repo.PathOf("data/one.jsonl"));

        var ex = Assert.Throws<GateInputException>(() => GateRun.ScanShard(Options(repo), ShardPurpose.Lock, new Shard(1, 2), repo.PathOf("data/one.jsonl")));

        Assert.Equal(InputErrorKind.InvalidArgument, Assert.Single(ex.Errors).Kind);
        Assert.Equal(before, File.ReadAllText(repo.PathOf("data/one.jsonl")));
    }

    [Theory]
    [InlineData("\"bytes\":1125899906842625", "not a count from 0 to")]
    [InlineData("\"bytes\":9223372036854775807", "not a count from 0 to")]
    [InlineData("\"bytes\":1,", "it was written for other content")]
    [InlineData("\"owner\":\"\\udc00", "not valid text")]
    public void A_part_with_impossible_or_other_content_is_refused(string replacement, string expected)
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string[] written = Shards(repo, 2, parts.Root);
        string text = File.ReadAllText(written[0]);
        string pattern = replacement.StartsWith("\"bytes\"", StringComparison.Ordinal) ? "\"bytes\":\\d+" + (replacement.EndsWith(',') ? "," : "") : "\"owner\":\"";
        File.WriteAllText(written[0], new System.Text.RegularExpressions.Regex(pattern).Replace(text, replacement, 1));

        InputError error = Assert.Single(Refused(repo, written));
        Assert.Equal(InputErrorKind.InvalidPart, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_inside_the_checked_folder_is_refused_where_a_shard_would_read_it_as_data()
    {
        using var repo = Repository();

        var ex = Assert.Throws<GateInputException>(() => GateRun.ScanShard(Options(repo), ShardPurpose.Lock, new Shard(1, 2), repo.PathOf("data/chat/part-1.json")));

        Assert.Contains("inside the checked folder", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.PathOf("data/chat/part-1.json")));
    }

    [Theory]
    [InlineData("2/7", 2, 7)]
    [InlineData("1/1", 1, 1)]
    [InlineData("256/256", 256, 256)]
    public void A_shard_reads_as_k_of_n(string text, int index, int count)
    {
        Assert.Equal(new Shard(index, count), Shard.Parse(text, out _));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/257")]
    [InlineData("1/0")]
    [InlineData("-1/3")]
    [InlineData("+1/3")]
    [InlineData("1 /3")]
    [InlineData("1/3/5")]
    [InlineData("")]
    [InlineData("١/٣")]
    public void Anything_else_is_not_a_shard(string text)
    {
        Assert.Null(Shard.Parse(text, out string? problem));
        Assert.Contains("K/N", problem, StringComparison.Ordinal);
    }

    private static InputError[] Refused(TestRepo repo, string[] parts) =>
        [.. Assert.Throws<GateInputException>(() => GateRun.LockMerge(Options(repo), parts)).Errors];
}
