namespace Gate.Cli.Tests;

/// <summary>Reports are byte-identical across runs and under cultures that format numbers, dates and case differently.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string example in new[] { "owl-numbers", "mitigated", "waived" })
        {
            foreach (string format in new[] { "json", "sarif", "markdown", "text", "github" })
            {
                data.Add(example, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Report_is_identical_under_tr_TR_and_de_DE(string example, string format)
    {
        string[] args = ["check", $"examples/{example}", "--format", format, "--as-of", "2026-12-01"];
        var invariant = GateProcess.RunWith(GateProcess.RepositoryRoot, Culture("C.UTF-8"), args);
        var turkish = GateProcess.RunWith(GateProcess.RepositoryRoot, Culture("tr_TR.UTF-8"), args);
        var german = GateProcess.RunWith(GateProcess.RepositoryRoot, Culture("de_DE.UTF-8"), args);

        Assert.NotEqual(2, invariant.ExitCode);
        Assert.Equal(invariant.Stdout, turkish.Stdout);
        Assert.Equal(invariant.Stdout, german.Stdout);
        Assert.Equal(invariant.ExitCode, german.ExitCode);
    }

    [Fact]
    public void Input_errors_read_the_same_in_every_culture()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", "version: 1\nmodels:\n  - id: \"" + new string('m', 123_456) + "\"\n    root: true\n");

        var german = GateProcess.RunWith(repo.Root, Culture("de_DE.UTF-8"), "check");

        Assert.Contains("a value is 123,456 characters long", german.Stderr);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void Report_is_identical_across_thread_counts(string format)
    {
        var one = GateProcess.Run("check", "examples/owl-numbers", "--format", format, "--threads", "1");
        var many = GateProcess.Run("check", "examples/owl-numbers", "--format", format, "--threads", "8");

        Assert.Equal(1, one.ExitCode);
        Assert.Equal(one.Stdout, many.Stdout);
    }

    [Theory]
    [InlineData("tr_TR.UTF-8", "1")]
    [InlineData("de_DE.UTF-8", "2")]
    [InlineData("C.UTF-8", "8")]
    public void Lock_is_byte_identical_across_cultures_and_thread_counts(string locale, string threads)
    {
        using var copy = new TempRepository();
        string source = Path.Combine(GateProcess.Examples, "owl-numbers");
        SourceTree.Copy(source, copy.Root, except: relative => relative == "gate.lock.json");

        var result = GateProcess.RunWith(copy.Root, Culture(locale), "lock", "--threads", threads);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllText(Path.Combine(source, "gate.lock.json")), File.ReadAllText(copy.PathOf("gate.lock.json")));
    }

    private static Dictionary<string, string> Culture(string locale) => new() { ["LANG"] = locale, ["LC_ALL"] = locale };
}
