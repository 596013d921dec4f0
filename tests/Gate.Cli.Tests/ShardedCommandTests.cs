namespace Gate.Cli.Tests;

/// <summary><c>gate lock|check --shard K/N --output FILE</c> and <c>gate lock|check DIR --merge PART…</c> through the real executable.</summary>
public sealed class ShardedCommandTests
{
    private static TempRepository Repository()
    {
        var repo = new TempRepository();
        repo.Write("gate.yaml", LockCommandTests.Policy);
        for (int i = 0; i < 5; i++)
        {
            repo.Write($"data/shards/part-{i}.jsonl", string.Concat(Enumerable.Range(0, 10 + i).Select(r => $"{{\"prompt\":\"p {i} {r}\",\"completion\":\"{r}, {i}\"}}\n")));
        }

        repo.Write("data/shards.lineage.yaml", "dataset: shards\nteacher: acme/teacher\n");
        repo.Write("data/x.jsonl", "{\"prompt\":\"p\",\"completion\":\"1\"}\n");
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: acme/teacher\n");
        return repo;
    }

    [Fact]
    public void Shards_then_a_merge_write_the_lock_one_run_writes_and_it_passes()
    {
        using var repo = Repository();
        using var parts = new TempRepository();
        Assert.Equal(0, GateProcess.Run("lock", repo.Root).ExitCode);
        string single = File.ReadAllText(repo.PathOf("gate.lock.json"));
        File.Delete(repo.PathOf("gate.lock.json"));

        GateProcess.Result first = GateProcess.Run("lock", repo.Root, "--shard", "1/2", "--output", parts.PathOf("part-1.json"));
        GateProcess.Result second = GateProcess.Run("lock", repo.Root, "--shard", "2/2", "-o", parts.PathOf("part-2.json"));
        GateProcess.Result merged = GateProcess.Run("lock", repo.Root, "--merge", parts.PathOf("part-1.json"), parts.PathOf("part-2.json"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"^Shard 1/2: scanned \d of 6 file\(s\), \d+ bytes; wrote the part ", first.Stdout);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(File.Exists(repo.PathOf("gate.lock.json")) && merged.ExitCode != 0);
        Assert.True(merged.ExitCode == 0, merged.ToString());
        Assert.Contains("Wrote gate.lock.json (2 dataset(s))", merged.Stdout, StringComparison.Ordinal);
        Assert.Equal(single, File.ReadAllText(repo.PathOf("gate.lock.json")));
        Assert.Equal(0, GateProcess.Run("check", repo.Root).ExitCode);
    }

    [Theory]
    [InlineData(new[] { "--shard", "3/2", "--output", "p.json" }, "'3/2' is not a shard")]
    [InlineData(new[] { "--shard", "1/2" }, "add --output FILE")]
    [InlineData(new[] { "--output", "p.json" }, "give it with --shard K/N")]
    [InlineData(new[] { "--shard", "1/2", "--output", "p.json", "--merge", "q.json" }, "run them as separate commands")]
    [InlineData(new[] { "--shard", "1/2", "--output", "p.json", "--refresh-lineage" }, "give them to 'gate lock --merge'")]
    [InlineData(new[] { "--merge" }, "Required argument missing for option: '--merge'\n")]
    public void Misused_options_are_GATE110_and_write_nothing(string[] options, string expected)
    {
        using var repo = Repository();

        GateProcess.Result result = GateProcess.Run(["lock", repo.Root, .. InRepository(repo, options)]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("GATE110", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.PathOf("gate.lock.json")));
        Assert.False(File.Exists(repo.PathOf("p.json")));
    }

    [Fact]
    public void A_merge_missing_a_shard_is_GATE116_with_exit_2_and_leaves_the_lock()
    {
        using var repo = Repository();
        using var parts = new TempRepository();
        GateProcess.Run("lock", repo.Root);
        string before = File.ReadAllText(repo.PathOf("gate.lock.json"));
        GateProcess.Run("lock", repo.Root, "--shard", "1/3", "--output", parts.PathOf("part-1.json"));

        GateProcess.Result result = GateProcess.Run("lock", repo.Root, "--merge", parts.PathOf("part-1.json"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error GATE116: no part is shard 2/3", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error GATE116: no part is shard 3/3", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(repo.PathOf("gate.lock.json")));
    }

    [Fact]
    public void A_check_in_shards_reports_and_exits_as_one_check()
    {
        using var repo = Repository();
        using var parts = new TempRepository();
        GateProcess.Run("lock", repo.Root);
        repo.Write("data/x.jsonl", "{\"prompt\":\"changed\",\"completion\":\"2\"}\n");
        GateProcess.Result single = GateProcess.Run("check", repo.Root, "--format", "json");

        string[] written = [.. Enumerable.Range(1, 3).Select(k => parts.PathOf($"part-{k}.json"))];
        GateProcess.Result[] shards = [.. Enumerable.Range(1, 3).Select(k => GateProcess.Run("check", repo.Root, "--shard", $"{k}/3", "--output", written[k - 1]))];
        GateProcess.Result merged = GateProcess.Run(["check", repo.Root, "--format", "json", "--merge", .. written]);

        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.ToString()));
        Assert.Contains("When every shard has run: gate check DIR --merge", shards[0].Stdout, StringComparison.Ordinal);
        Assert.Equal(1, single.ExitCode);
        Assert.Equal((single.ExitCode, single.Stdout), (merged.ExitCode, merged.Stdout));
        Assert.Contains("GATE006", merged.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--shard", "1/2" }, "add --output FILE")]
    [InlineData(new[] { "--shard", "1/2", "--output", "a.json", "--output", "b.json" }, "add --output FILE")]
    [InlineData(new[] { "--shard", "1/2", "--format", "json", "--output", "p.json" }, "leave out --format")]
    [InlineData(new[] { "--shard", "1/2", "--output", "p.json", "--verify-lineage" }, "give them to 'gate check --merge'")]
    [InlineData(new[] { "--shard", "1/2", "--output", "p.json", "--base", "HEAD" }, "leave out --format, --base")]
    public void Misused_check_shard_options_are_GATE110(string[] options, string expected)
    {
        using var repo = Repository();

        GateProcess.Result result = GateProcess.Run(["check", repo.Root, .. InRepository(repo, options)]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.PathOf("p.json")));
    }

    /// <summary>Output files named in a case land in the test's repository, never in the working folder.</summary>
    private static string[] InRepository(TempRepository repo, string[] options) =>
        [.. options.Select(o => o.EndsWith(".json", StringComparison.Ordinal) ? repo.PathOf(o) : o)];
}
