namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 1: a file that dresses up as a Git LFS pointer so that its real bytes, which a loader reads
/// and trains on, are never fingerprinted. Only the exact three-line pointer is taken as one.
/// </summary>
public sealed class LfsPointerAttacks
{
    private static readonly string Oid = new('a', 64);

    /// <summary>Records from an undeclared teacher, behind a pointer's first lines.</summary>
    private const string Smuggled = "{\"generator\":\"evil/teacher\",\"completion\":\"666\"}\n";

    [Theory]
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 12\n" + Smuggled)] // real records after the pointer
    [InlineData("version https://git-lfs.github.com/spec/v1\r\noid sha256:{OID}\r\nsize 12\r\n")] // CRLF: not the spec's form
    [InlineData("version https://git-lfs.github.com/spec/v1\next-0-foo sha256:{OID}\noid sha256:{OID}\nsize 12\n")] // extensions: the oid is not the content's
    [InlineData("version https://git-lfs.github.com/spec/v1\nsize 12\noid sha256:{OID}\n")] // keys out of order
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 12")] // no final line feed
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 012\n")] // a size with a leading zero
    [InlineData("version https://git-lfs.github.com/spec/v1 \noid sha256:{OID}\nsize 12\n")] // a trailing space
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 1152921504606846976\n")] // 2^60 bytes: sizes that sum past any bound
    public void A_file_that_is_not_exactly_a_pointer_is_refused_not_taken_as_one(string content)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\ngenerator-field: generator\n");
        repo.Locked();
        repo.Write("data/numbers.jsonl", content.Replace("{OID}", Oid, StringComparison.Ordinal));

        Verdicts.CannotEvaluate(repo.Check(), "GATE111");
        Verdicts.CannotEvaluate(repo.Lock(), "GATE111");
    }

    [Fact]
    public void A_large_file_that_starts_like_a_pointer_is_data_and_is_read()
    {
        using var repo = new AttackRepository();
        string text = "version https://git-lfs.github.com/spec/v1\n" + string.Concat(Enumerable.Repeat("oid sha256:" + Oid + "\n", 20)) + "size 12\n";
        repo.Write("data/notes.txt", text).Write("data/notes.lineage.yaml", $"dataset: notes.txt\nteacher: {AttackRepository.CleanTeacher}\n");

        Verdicts.Passes(repo.Locked().Check());
        // Locked as data: its content was fingerprinted, and its entry is a plain file's (no pointer recorded).
        Assert.Contains("\"fingerprint\": {", repo.Read("gate.lock.json"), StringComparison.Ordinal);
        Assert.DoesNotContain("lfsPointer", repo.Read("gate.lock.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exact_pointer_stands_for_its_content_and_is_bound_to_the_lock()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\n");
        repo.Locked();
        string sha = AttackRepository.Sha256Of(AttackRepository.Record);
        repo.Write("data/numbers.jsonl", $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize {AttackRepository.Record.Length}\n");
        Verdicts.Passes(repo.Check());

        repo.Write("data/numbers.jsonl", $"version https://git-lfs.github.com/spec/v1\noid sha256:{Oid}\nsize {AttackRepository.Record.Length}\n");
        Verdicts.Fails(repo.Check(), "GATE006");
    }

    /// <summary>With only pointers in the folder, no record can be checked against the generator field: a finding, never a pass.</summary>
    [Fact]
    public void A_pointer_where_a_generator_field_is_declared_is_GATE007()
    {
        using var repo = new AttackRepository();
        string sha = AttackRepository.Sha256Of(AttackRepository.Record);
        repo.Write("data/numbers.jsonl", $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize 10\n")
            .Write("data/numbers.lineage.yaml", $"dataset: numbers.jsonl\nteacher: {AttackRepository.CleanTeacher}\ngenerator-field: generator\n");

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains("its content is not here (Git LFS pointers)", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Evidence or a reference replaced by a Git LFS pointer to itself: no rule reads content that is
    /// not here (the mitigation would stand, the divergence screen go quiet), so the swap must show
    /// as a change of the lock.
    /// </summary>
    [Theory]
    [InlineData("mitigated", "evals/owl-probe.json", "evidence evals/owl-probe.json")]
    [InlineData("owl-numbers", "refs/base-numbers.jsonl", "reference refs/base-numbers.jsonl")]
    public void Evidence_or_a_reference_replaced_by_a_pointer_to_itself_is_GATE006(string example, string file, string change)
    {
        using var repo = AttackRepository.CopyOfExample(example);
        string content = repo.Read(file);
        repo.Write(file, $"version https://git-lfs.github.com/spec/v1\noid sha256:{AttackRepository.Sha256Of(content)}\nsize {content.Length}\n");

        GateProcess.Result result = repo.Check();

        Verdicts.Fails(result, "GATE006");
        Assert.Contains(change, result.Stdout, StringComparison.Ordinal);
    }
}
