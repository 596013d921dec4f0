namespace Gate.Cli.Tests;

/// <summary>Bad input is exit 2 with a GATE1xx line at the user's file, line and column — never a stack trace.</summary>
public sealed class InputErrorTests
{
    private const string Registry = """
        version: 1
        models:
          - id: base/root
            root: true
          - id: acme/teacher
            base: base/root
        students:
          - id: acme/student
            base: base/root
        """;

    [Fact]
    public void Malformed_policy_points_at_the_line()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", "version: 1\nmodels:\n  - id: [unclosed\n");

        var result = GateProcess.Run("check", repo.Root);

        AssertInputError(result, "gate.yaml(", "GATE100");
    }

    [Fact]
    public void Unknown_manifest_key_suggests_the_known_one()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", Registry);
        repo.Write("data/x.jsonl", "{\"prompt\":\"p\",\"completion\":\"1, 2\"}\n");
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteachr: acme/teacher\n");

        var result = GateProcess.Run("check", repo.Root);

        AssertInputError(result, "data/x.lineage.yaml(2,1): error GATE101", "did you mean 'teacher'?");
    }

    [Fact]
    public void Dataset_path_leaving_the_repository_is_refused()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", Registry);
        repo.Write("data/x.lineage.yaml", "dataset: ../../etc/passwd\nteacher: acme/teacher\n");

        var result = GateProcess.Run("check", repo.Root);

        AssertInputError(result, "data/x.lineage.yaml(1,10): error GATE106", "leaves the checked folder");
    }

    [Fact]
    public void Lineage_cycle_names_the_cycle()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", "version: 1\nmodels:\n  - id: a/one\n    base: a/two\n  - id: a/two\n    base: a/one\n");

        var result = GateProcess.Run("check", repo.Root);

        AssertInputError(result, "GATE108", "a/one → a/two → a/one");
    }

    [Fact]
    public void Missing_policy_says_how_to_create_one()
    {
        using var repo = new TempRepository();

        var result = GateProcess.Run("check", repo.Root);

        AssertInputError(result, "error GATE107", "gate init");
    }

    [Fact]
    public void Bad_date_in_a_waiver()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", Registry + "\nwaivers:\n  - rule: shared-init\n    dataset: data/**\n    reason: r\n    approved-by: me\n    expires: 2026-02-30\n");

        var result = GateProcess.Run("check", repo.Root);

        AssertInputError(result, "gate.yaml(", "GATE105");
    }

    [Fact]
    public void Failed_run_leaves_an_existing_report_untouched()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", "version: [1\n");
        string report = repo.Write("report.json", "previous");

        var result = GateProcess.Run("check", repo.Root, "--format", "json", "--output", report);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("previous", File.ReadAllText(report));
    }

    [Theory]
    [InlineData("check", "--format", "xml")]
    [InlineData("frobnicate")]
    [InlineData("check", "--no-such-option")]
    [InlineData("check", "--as-of", "tomorrow")]
    [InlineData("lineage")]
    public void Bad_arguments_exit_two(params string[] args)
    {
        var result = GateProcess.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("GATE110", result.Stderr);
    }

    private static void AssertInputError(GateProcess.Result result, params string[] expected)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (string text in expected)
        {
            Assert.Contains(text, result.Stderr);
        }

        Assert.DoesNotContain("   at ", result.Stderr); // no stack trace
        Assert.DoesNotContain("Exception", result.Stderr);
    }
}
