using Gate.Core.Diagnostics;
using Gate.Core.Locking;

namespace Gate.Core.Tests.Locking;

/// <summary>
/// The lock's <c>overlapRecords</c>: the digest of a dataset's records as GATE007 compares them,
/// written when GATE007 is on and the manifest names no generator field, compared by GATE006 when
/// both sides have it, and absent from older locks without complaint.
/// </summary>
public sealed class LockOverlapRecordsTests
{
    private const string Llama = "teacher: meta-llama/Llama-3.1-8B-Instruct\n";

    private static LockFile Lock(TestRepo repo) => GateRun.Lock(new GateCheckOptions(repo.Root, TestRepo.Today));

    private static Gate.Core.Reports.GateReport Check(TestRepo repo) => GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today));

    private static string? Digest(LockFile lockFile, string path) => lockFile.Datasets.Single(d => d.Path == path).Fingerprint!.OverlapRecords;

    [Fact]
    public void A_lock_records_the_digest_where_GATE007_compares_records_without_generators()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", Llama).Dataset("g", Llama + "generator-field: model\n").Data("data/bare.jsonl");
        using var off = new TestRepo();
        off.Policy(Fixtures.Policy("rules:\n  undeclared-teacher: off\n")).Dataset("a", Llama);

        LockFile on = Lock(repo);

        Assert.Matches("^[0-9a-f]{64}$", Digest(on, "data/a.jsonl"));
        Assert.Null(Digest(on, "data/g.jsonl"));
        Assert.Null(Digest(on, "data/bare.jsonl"));
        Assert.Null(Digest(Lock(off), "data/a.jsonl"));
        Assert.Contains("\"overlapRecords\": \"" + Digest(on, "data/a.jsonl") + "\"", File.ReadAllText(repo.PathOf("gate.lock.json")), StringComparison.Ordinal);
    }

    /// <summary>
    /// Pinned: records a store kept must hash as this Gate hashes them. When this fails because a
    /// record's overlap hash changed, bump <c>OverlapRecords.Version</c> (and pin the new value).
    /// </summary>
    [Fact]
    public void The_digest_of_known_records_is_pinned()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", Llama);
        repo.Write("data/a.jsonl", "{\"prompt\":\"1, 2, 3\",\"completion\":\"4, 5\"}\n{\"n\":1.50,\"s\":\"caf\\u00e9\",\"l\":[true,null,{\"k\":-0}]}\n{\"x\":\"4, 5\"}\n");

        Assert.Equal("67f2cfc4dd97e490f65d0afeb5b11db96ea839236cda97eecb88587b43b114d8", Digest(Lock(repo), "data/a.jsonl"));
    }

    [Fact]
    public void The_digest_follows_the_distinct_records_not_their_order_or_repeats()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", Llama);
        repo.Write("data/a.jsonl", "{\"p\":1}\n{\"p\":2}\n");
        string first = Digest(Lock(repo), "data/a.jsonl")!;
        repo.Write("data/a.jsonl", "{\"p\":2}\n{\"p\":1}\n{\"p\":2}\n");
        string reordered = Digest(Lock(repo), "data/a.jsonl")!;
        repo.Write("data/a.jsonl", "{\"p\":2}\n{\"p\":3}\n");
        string other = Digest(Lock(repo), "data/a.jsonl")!;

        Assert.Equal(first, reordered);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void GATE006_compares_the_digest_when_both_sides_have_it_and_an_older_lock_without_it_passes()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", Llama);
        Lock(repo);
        string locked = File.ReadAllText(repo.PathOf("gate.lock.json"));
        string digest = System.Text.RegularExpressions.Regex.Match(locked, "\"overlapRecords\": \"([0-9a-f]{64})\"").Groups[1].Value;

        repo.Write("gate.lock.json", locked.Replace(digest, new string('0', 64), StringComparison.Ordinal));
        Assert.Contains(Check(repo).Findings, f => f.Rule.Code == "GATE006" && f.Message.Contains("records digest (overlapRecords", StringComparison.Ordinal));

        repo.Write("gate.lock.json", locked.Replace($",\n        \"overlapRecords\": \"{digest}\"", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("overlapRecords", File.ReadAllText(repo.PathOf("gate.lock.json")), StringComparison.Ordinal);
        Assert.DoesNotContain(Check(repo).Findings, f => f.Rule.Code == "GATE006");
    }

    [Fact]
    public void A_generator_field_added_elsewhere_changes_every_digest_and_GATE006_says_why_and_marks_it_new()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", Llama);
        Lock(repo);
        repo.Commit();
        repo.Dataset("g", Llama + "generator-field: model\n").Write("data/g.jsonl", "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"p\":1}\n");

        Gate.Core.Reports.GateReport report = GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today) { Base = "HEAD" });

        Gate.Core.Rules.Finding changed = Assert.Single(report.Findings, f => f.Rule.Code == "GATE006" && f.Dataset == "data/a.jsonl");
        Assert.Contains("records digest (overlapRecords", changed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fingerprint summary", changed.Message, StringComparison.Ordinal);
        Assert.Equal(Gate.Core.Rules.FindingBaseline.New, changed.Baseline);
    }

    [Fact]
    public void A_digest_that_is_not_64_lowercase_hex_digits_is_refused_at_its_line()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Dataset("a", Llama);
        Lock(repo);
        string locked = File.ReadAllText(repo.PathOf("gate.lock.json"));
        string digest = System.Text.RegularExpressions.Regex.Match(locked, "\"overlapRecords\": \"([0-9a-f]{64})\"").Groups[1].Value;
        int line = locked[..locked.IndexOf("\"overlapRecords\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var error = Assert.Throws<GateInputException>(() => LockFileReader.Read(
            System.Text.Encoding.UTF8.GetBytes(locked.Replace(digest, digest.ToUpperInvariant(), StringComparison.Ordinal)), "gate.lock.json"));

        Assert.Contains("\"overlapRecords\" is not 64 lowercase hex digits", error.Message, StringComparison.Ordinal);
        Assert.Equal(line, Assert.Single(error.Errors).Location?.Line);
    }
}
