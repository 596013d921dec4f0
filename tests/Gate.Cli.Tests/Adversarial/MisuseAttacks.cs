namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 9: crashes and misuse. Every user mistake is a GATE1xx at its place with exit 2, never a
/// crash or GATE199; no recursion on user-sized graphs; a report is never written over an input.
/// </summary>
public sealed class MisuseAttacks
{
    /// <summary>A fine-tune chain of <paramref name="length"/> models under one root, the last the teacher.</summary>
    private static string Chain(int length)
    {
        var policy = new System.Text.StringBuilder("version: 1\ndatasets:\n  include: [\"data/**\"]\nmodels:\n  - id: org/m0\n    root: true\n");
        for (int i = 1; i < length; i++)
        {
            policy.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - id: org/m{i}\n    base: org/m{i - 1}\n");
        }

        return policy.Append("students:\n  - id: acme/student\n    base: org/m0\n").ToString();
    }

    [Fact]
    public void A_twenty_thousand_model_chain_is_judged_without_overflowing_the_stack()
    {
        using var repo = new AttackRepository(Chain(20_000));
        repo.Dataset("numbers", "teacher: org/m19999\n");

        GateProcess.Result check = repo.Locked().Check();
        Verdicts.Fails(check, "GATE001");
        Assert.Contains("share the initialization org/m0", check.Stdout, StringComparison.Ordinal);

        foreach (string format in new[] { "text", "json", "mermaid" })
        {
            GateProcess.Result lineage = repo.Run("lineage", "org/m19999", "--policy", repo.PathOf("gate.yaml"), "--format", format);
            Assert.True(lineage.ExitCode == 0, lineage.ToString());
        }

        Assert.Contains("its ancestry goes on beyond 64 generations", repo.Run("lineage", "org/m19999", "--policy", repo.PathOf("gate.yaml")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_twenty_thousand_model_cycle_is_GATE108_not_a_crash()
    {
        string policy = Chain(20_000).Replace("  - id: org/m0\n    root: true\n", "  - id: org/m0\n    base: org/m19999\n", StringComparison.Ordinal);
        using var repo = new AttackRepository(policy);
        repo.Dataset("numbers", "teacher: org/m5\n");

        Verdicts.CannotEvaluate(repo.Check(), "GATE108");
    }

    [Theory]
    [InlineData("README.md", "GATE113")]
    [InlineData("empty", "GATE113")]
    [InlineData("data/x.lineage.yaml", "GATE113")]
    [InlineData("missing.jsonl", "GATE107")]
    public void Gate_fingerprint_on_something_that_is_not_data_is_an_input_error(string path, string code)
    {
        using var repo = new AttackRepository();
        repo.Write("README.md", "# notes\n").Write("data/x.lineage.yaml", "dataset: x.jsonl\n");
        Directory.CreateDirectory(repo.PathOf("empty"));

        Verdicts.CannotEvaluate(repo.Run("fingerprint", path), code);
    }

    [Theory]
    [InlineData("data/numbers.jsonl")]
    [InlineData("data/numbers.lineage.yaml")]
    [InlineData("gate.yaml")]
    [InlineData("gate.lock.json")]
    [InlineData("evals/probe.json")]
    [InlineData("refs/base.jsonl")]
    public void A_report_is_never_written_over_a_file_the_check_reads(string output)
    {
        using var repo = new AttackRepository();
        repo.Write("evals/probe.json", "{}\n").Write("refs/base.jsonl", AttackRepository.Record);
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\nreference: ../refs/base.jsonl\nmitigations:\n  - kind: trait-eval\n    evidence: ../evals/probe.json\n");
        repo.Locked();
        string before = repo.Read(output);

        GateProcess.Result result = repo.Check("--format", "json", "--output", repo.PathOf(output));
        Verdicts.CannotEvaluate(result, "GATE110");
        Assert.Equal(before, repo.Read(output));
    }

    [LinuxFact]
    public void A_report_is_never_written_over_an_input_through_a_link()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\n").Locked();
        using var elsewhere = new TempRepository();
        Directory.CreateSymbolicLink(elsewhere.PathOf("out"), repo.PathOf("data"));
        string before = repo.Read("data/numbers.jsonl");

        Verdicts.CannotEvaluate(repo.Check("--output", elsewhere.PathOf("out/numbers.jsonl")), "GATE110");
        Assert.Equal(before, repo.Read("data/numbers.jsonl"));
    }
}
