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
        Assert.Contains(Check(repo).Findings, f => f.Rule.Code == "GATE006" && f.Message.Contains("fingerprint summary", StringComparison.Ordinal));

        repo.Write("gate.lock.json", locked.Replace($",\n        \"overlapRecords\": \"{digest}\"", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("overlapRecords", File.ReadAllText(repo.PathOf("gate.lock.json")), StringComparison.Ordinal);
        Assert.DoesNotContain(Check(repo).Findings, f => f.Rule.Code == "GATE006");
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
