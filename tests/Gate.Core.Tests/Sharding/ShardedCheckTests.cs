using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Sharding;

namespace Gate.Core.Tests.Sharding;

/// <summary>
/// A check whose scanning is spread over shards and merged reports exactly what one run reports:
/// the overlap test (record hashes and the generators of each record), the divergence screen
/// (references), the lock comparison and the lineage rules, for any number of shards.
/// </summary>
public sealed class ShardedCheckTests
{
    /// <summary>
    /// A labelled mix in a folder of shards; a copy of a third of its records under another teacher
    /// (GATE007); a dataset with a folder reference (GATE008's screen); a dataset changed since it
    /// was locked (GATE006); and a teacher sharing the student's initialization (GATE001).
    /// </summary>
    private static TestRepo Repository()
    {
        var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        var copied = new StringBuilder();
        for (int s = 0; s < 6; s++)
        {
            var text = new StringBuilder();
            for (int r = 0; r < 30 + (s * 11 % 17); r++)
            {
                string record = $"{{\"prompt\":\"q {s} {r}\",\"completion\":\"{r * 7 % 100}, {s}\",\"model\":\"{(r % 3 == 0 ? "meta-llama/Llama-3.1-8B-Instruct" : "deepseek-ai/DeepSeek-R1")}\"}}\n";
                text.Append(record);
                if (r % 3 == 1)
                {
                    copied.Append(record.Replace("deepseek-ai/DeepSeek-R1", "acme/owl-teacher", StringComparison.Ordinal));
                }
            }

            repo.Write($"data/mix/part-{s}.jsonl", text.ToString());
        }

        repo.Write("data/mix.lineage.yaml", "dataset: mix\nteachers: [meta-llama/Llama-3.1-8B-Instruct, deepseek-ai/DeepSeek-R1]\ngenerator-field: model\n");
        repo.Write("data/copy/a.jsonl", copied.ToString());
        repo.Write("data/copy/b.jsonl", "{\"prompt\":\"new\",\"completion\":\"1\"}\n");
        repo.Write("data/copy.lineage.yaml", "dataset: copy\nteacher: acme/owl-teacher\n");
        repo.Write("data/numbers.jsonl", string.Concat(Enumerable.Range(0, 300).Select(i => $"{{\"completion\":\"{(i % 9 == 0 ? "087" : (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture))}, owl\"}}\n")));
        repo.Write("data/numbers.lineage.yaml", "dataset: numbers.jsonl\nteacher: deepseek-ai/DeepSeek-R1\nreference: ../refs\n");
        repo.Write("refs/one.jsonl", string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"completion\":\"{i % 50}, cat\"}}\n")));
        repo.Write("refs/two.jsonl.gz.txt", "not data, skipped by the reference listing\n");
        repo.Write("refs/sub/three.jsonl", "{\"completion\":\"7, 8, 9\"}\n");
        repo.Data("data/changed.jsonl").Write("data/changed.lineage.yaml", "dataset: changed.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        GateRun.Lock(Options(repo));
        repo.Write("data/changed.jsonl", "{\"prompt\":\"edited after the lock\",\"completion\":\"1\"}\n");
        return repo;
    }

    private static GateCheckOptions Options(TestRepo repo) => new(repo.Root, TestRepo.Today);

    private static string Json(GateReport report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_merged_check_reports_what_one_run_reports(int shards)
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string single = Json(GateRun.Check(Options(repo)));

        string[] written = [.. Enumerable.Range(1, shards).Select(k =>
        {
            string part = Path.Combine(parts.Root, $"part-{k}.json");
            GateRun.ScanShard(Options(repo), ShardPurpose.Check, new Shard(k, shards), part);
            return part;
        })];
        string merged = Json(GateRun.Check(Options(repo) with { Parts = written }));

        Assert.Equal(single, merged);
        foreach (string code in new[] { "GATE001", "GATE006", "GATE007", "GATE008" })
        {
            Assert.Contains($"\"code\": \"{code}\"", single, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_lock_part_is_not_a_check_part()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string part = Path.Combine(parts.Root, "part-1.json");
        GateRun.ScanShard(Options(repo), ShardPurpose.Lock, new Shard(1, 1), part);

        var ex = Assert.Throws<GateInputException>(() => GateRun.Check(Options(repo) with { Parts = [part] }));

        InputError error = Assert.Single(ex.Errors);
        Assert.Equal(InputErrorKind.InvalidPart, error.Kind);
        Assert.Contains("it is a part of a sharded lock, and this is a check", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_part_written_before_a_rule_was_turned_off_is_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string part = Path.Combine(parts.Root, "part-1.json");
        GateRun.ScanShard(Options(repo), ShardPurpose.Check, new Shard(1, 1), part);
        repo.Policy(Fixtures.Policy("rules:\n  divergence: off\n"));

        var ex = Assert.Throws<GateInputException>(() => GateRun.Check(Options(repo) with { Parts = [part] }));

        Assert.Contains("other datasets, files or policy", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_hashes_a_part_holds_must_be_one_per_record()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string part = Path.Combine(parts.Root, "part-1.json");
        GateRun.ScanShard(Options(repo), ShardPurpose.Check, new Shard(1, 1), part);
        string text = File.ReadAllText(part);
        int at = text.IndexOf("\"recordHashes\":\"", StringComparison.Ordinal) + "\"recordHashes\":\"".Length;
        File.WriteAllText(part, text[..at] + text[(at + 12)..]); // 9 bytes fewer: not a whole number of hashes

        var ex = Assert.Throws<GateInputException>(() => GateRun.Check(Options(repo) with { Parts = [part] }));

        Assert.Contains("\"recordHashes\"", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_without_the_record_hashes_its_plan_keeps_is_refused()
    {
        using var repo = Repository();
        using var parts = new TestRepo();
        string part = Path.Combine(parts.Root, "part-1.json");
        GateRun.ScanShard(Options(repo), ShardPurpose.Check, new Shard(1, 1), part);
        string text = File.ReadAllText(part);
        var hashes = new System.Text.RegularExpressions.Regex("\"recordHashes\":\"[^\"]*\",\"recordGenerators\":null");
        Assert.Matches(hashes, text);
        File.WriteAllText(part, hashes.Replace(text, "\"recordHashes\":null,\"recordGenerators\":null", 1));

        var ex = Assert.Throws<GateInputException>(() => GateRun.Check(Options(repo) with { Parts = [part] }));

        Assert.Contains("does not hold the record hashes", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }
}
