namespace Gate.Cli.Tests;

/// <summary>Every refused input is exit 2 with its GATE1xx code, message and location; nothing is written.</summary>
public sealed class InputCorpusTests
{
    public static TheoryData<string> BadInputs => InputCorpus.Cases("bad-input");

    public static TheoryData<string> GoodInputs => InputCorpus.Cases("good-input");

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_refused_with_its_code(string name)
    {
        var expect = InputCorpus.Expectations("bad-input", name);
        using var temp = new TempRepository();
        string report = temp.PathOf("report.json");
        string sarif = temp.PathOf("report.sarif");

        var result = GateProcess.Run("check", Path.Combine(InputCorpus.Folder, "bad-input", name), "--format", "json", "--output", report, "--format", "sarif", "--output", sarif);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"error {expect["code"]}:", result.Stderr);
        if (expect.TryGetValue("message", out string? message))
        {
            Assert.Contains(message, result.Stderr);
        }

        if (expect.TryGetValue("at", out string? at))
        {
            Assert.Contains(at, result.Stderr);
        }

        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        Assert.False(File.Exists(report), "a report was written for input that could not be evaluated");
        Assert.False(File.Exists(sarif), "a SARIF file was written for input that could not be evaluated");
        Assert.Empty(Directory.GetFiles(temp.Root)); // no temporary leftovers either
    }

    [Theory]
    [MemberData(nameof(GoodInputs))]
    public void Unusual_but_valid_input_works(string name)
    {
        var expect = InputCorpus.Expectations("good-input", name);

        var result = GateProcess.Run("check", Path.Combine(InputCorpus.Folder, "good-input", name));

        Assert.True(result.ExitCode == int.Parse(expect["exit"]), result.ToString());
        Assert.Contains(expect["contains"], result.Stdout);
    }

    [Fact]
    public void A_huge_policy_is_refused_without_reading_it_whole()
    {
        using var repo = new TempRepository();
        using (var writer = new StreamWriter(repo.PathOf("gate.yaml")))
        {
            writer.Write("version: 1\nnote: \"");
            writer.Write(new string('x', 50 * 1024 * 1024));
            writer.Write("\"\n");
        }

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("gate.yaml: error GATE100: the file is 52,", result.Stderr);
    }

    [Fact]
    public void A_huge_scalar_is_refused()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", "version: 1\nmodels:\n  - id: \"" + new string('m', 200_000) + "\"\n    root: true\n");

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("gate.yaml(3,9): error GATE100: a value is 200,000 characters long", result.Stderr);
    }

    [Fact]
    public void A_dataset_symlink_leading_outside_is_refused()
    {
        using var repo = new TempRepository();
        using var outside = new TempRepository();
        string secret = outside.Write("secret.jsonl", "{\"prompt\":\"p\",\"completion\":\"1\"}\n");
        repo.Write("gate.yaml", "version: 1\nmodels:\n  - id: a/root\n    root: true\nstudents:\n  - id: a/student\n    base: a/root\n");
        Directory.CreateDirectory(repo.PathOf("data"));
        File.CreateSymbolicLink(repo.PathOf("data/x.jsonl"), secret);
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: a/root\n");

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("data/x.lineage.yaml(1,10): error GATE106", result.Stderr);
        Assert.Contains("link that leads outside", result.Stderr);
    }

    [Fact]
    public void A_selected_symlink_leading_outside_is_refused_too()
    {
        using var repo = new TempRepository();
        using var outside = new TempRepository();
        string secret = outside.Write("secret.jsonl", "{}\n");
        repo.Write("gate.yaml", "version: 1\ndatasets:\n  include: [\"data/**\"]\n");
        Directory.CreateDirectory(repo.PathOf("data"));
        File.CreateSymbolicLink(repo.PathOf("data/x.jsonl"), secret);
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: a/root\n");

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("GATE106", result.Stderr);
    }

    [Fact]
    public void A_selected_symlinked_folder_leading_outside_is_refused()
    {
        using var repo = new TempRepository();
        using var outside = new TempRepository();
        outside.Write("x.jsonl", "{}\n");
        repo.Write("gate.yaml", "version: 1\ndatasets:\n  include: [\"data/**\"]\n");
        Directory.CreateDirectory(repo.PathOf("data"));
        Directory.CreateSymbolicLink(repo.PathOf("data/linked"), outside.Root);

        var result = GateProcess.Run("check", repo.Root, "--format", "json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("gate.yaml(3,13): error GATE106: the folder 'data/linked' is a link that leads outside", result.Stderr);
    }

    [Fact]
    public void A_linked_folder_outside_the_selection_is_left_alone()
    {
        using var repo = new TempRepository();
        using var outside = new TempRepository();
        outside.Write("x.jsonl", "{}\n");
        repo.Write("gate.yaml", "version: 1\ndatasets:\n  include: [\"data/**\"]\n");
        Directory.CreateSymbolicLink(repo.PathOf("tools"), outside.Root);

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void A_policy_link_leading_outside_is_refused()
    {
        using var repo = new TempRepository();
        using var outside = new TempRepository();
        string policy = outside.Write("gate.yaml", "version: 1\n");
        File.CreateSymbolicLink(repo.PathOf("gate.yaml"), policy);

        var result = GateProcess.Run("check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("gate.yaml: error GATE106", result.Stderr);
    }
}
