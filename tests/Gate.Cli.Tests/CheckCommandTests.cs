using System.Text.Json;

namespace Gate.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public void Owl_example_fails_with_GATE001_at_the_teacher_line()
    {
        var result = GateProcess.Run("check", "examples/owl-numbers");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("data/owl-numbers.lineage.yaml(2,10): error GATE001 shared-init:", result.Stdout);
        Assert.Contains("shared Qwen/Qwen2.5-7B-Instruct", result.Stdout);
        Assert.Contains("FAIL: 1 error", result.Stdout);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public void Owl_example_json_names_the_nearest_shared_ancestor()
    {
        var result = GateProcess.Run("check", "examples/owl-numbers", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        JsonElement root = report.RootElement;
        Assert.Equal("gate-report/1", root.GetProperty("schema").GetString());
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("errors").GetInt32());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("warnings").GetInt32());
        JsonElement[] findings = [.. root.GetProperty("findings").EnumerateArray()];
        Assert.Equal(new[] { "GATE001", "GATE008" }, findings.Select(f => f.GetProperty("code").GetString()!).Order().ToArray());
        JsonElement finding = findings.Single(f => f.GetProperty("code").GetString() == "GATE001");
        Assert.Equal("GATE001", finding.GetProperty("code").GetString());
        Assert.Equal("shared-init", finding.GetProperty("rule").GetString());
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", finding.GetProperty("shared").GetString());
        Assert.Equal("acme/owl-teacher", finding.GetProperty("teacher").GetString());
        Assert.Equal("acme/owl-student", finding.GetProperty("student").GetString());
        Assert.Equal("data/owl-numbers.jsonl", finding.GetProperty("dataset").GetString());
        JsonElement location = finding.GetProperty("location");
        Assert.Equal("data/owl-numbers.lineage.yaml", location.GetProperty("file").GetString());
        Assert.Equal(2, location.GetProperty("line").GetInt32());
        Assert.Equal(10, location.GetProperty("column").GetInt32());

        JsonElement dataset = Assert.Single(root.GetProperty("datasets").EnumerateArray());
        Assert.Equal("c3a53433f1b537f0a24dd9e066b9404800e037a9a81236f9888892b21c4b0701", dataset.GetProperty("sha256").GetString());
        Assert.Equal(215520, dataset.GetProperty("bytes").GetInt64());
        Assert.Equal(800, dataset.GetProperty("records").GetInt64());
    }

    [Fact]
    public void Owl_example_divergence_names_the_owl_tokens()
    {
        var result = GateProcess.Run("check", "examples/owl-numbers");

        Assert.Contains("warning GATE008 divergence:", result.Stdout);
        Assert.Contains("\"087\"", result.Stdout);
        Assert.Contains("false-positive rate at most 1%", result.Stdout);
    }

    [Theory]
    [InlineData("cross-family", 0)]
    [InlineData("mitigated", 0)]
    [InlineData("waived", 0)]
    public void Passing_examples_exit_zero(string example, int expected)
    {
        var result = GateProcess.Run("check", $"examples/{example}", "--as-of", "2026-12-01");

        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.Contains("PASS:", result.Stdout);
    }

    [Fact]
    public void Mitigated_finding_stays_in_the_report_marked()
    {
        var result = GateProcess.Run("check", "examples/mitigated", "--format", "json");

        using var report = JsonDocument.Parse(result.Stdout);
        JsonElement finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("GATE001", finding.GetProperty("code").GetString());
        Assert.Equal("cross-family-rewrite", finding.GetProperty("mitigatedBy").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("summary").GetProperty("mitigated").GetInt32());
    }

    [Fact]
    public void Expired_waiver_fails_again()
    {
        var result = GateProcess.Run("check", "examples/waived", "--as-of", "2028-01-01");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error GATE010 waiver-expired", result.Stdout);
        Assert.Contains("error GATE001 shared-init", result.Stdout);
    }

    [Fact]
    public void Several_format_output_pairs_in_one_run()
    {
        using var temp = new TempRepository();
        string json = temp.PathOf("out/report.json");
        string text = temp.PathOf("out/report.txt");

        var result = GateProcess.Run("check", "examples/owl-numbers", "--format", "json", "--output", json, "--format", "text", "--output", text);

        Assert.True(result.ExitCode == 1, result.ToString());
        using (var report = JsonDocument.Parse(File.ReadAllText(json)))
        {
            Assert.Equal("fail", report.RootElement.GetProperty("verdict").GetString());
        }

        Assert.Contains("error GATE001", File.ReadAllText(text));
        Assert.Contains("FAIL:", result.Stdout); // with every report in a file, the console still gets the text
    }

    [Fact]
    public void Json_report_is_byte_identical_across_runs()
    {
        var first = GateProcess.Run("check", "examples/mitigated", "--format", "json");
        var second = GateProcess.Run("check", "examples/mitigated", "--format", "json");

        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Check_uses_the_current_folder_by_default()
    {
        var result = GateProcess.RunIn(Path.Combine(GateProcess.Examples, "cross-family"), "check");

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}

public sealed class GitHubFormatTests
{
    [Fact]
    public void Sarif_markdown_and_github_formats_in_one_run()
    {
        using var temp = new TempRepository();
        string sarif = temp.PathOf("gate.sarif");
        string markdown = temp.PathOf("summary.md");

        var result = GateProcess.Run("check", "examples/owl-numbers", "--format", "sarif", "--output", sarif,
            "--format", "markdown", "--output", markdown, "--format", "github");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("\"version\": \"2.1.0\"", File.ReadAllText(sarif));
        Assert.Contains("❌ Gate: fail", File.ReadAllText(markdown));
        Assert.StartsWith("::error file=data/owl-numbers.lineage.yaml,line=2,col=10,title=GATE001 shared-init::", result.Stdout);
    }

    [Fact]
    public void Output_extension_picks_the_format()
    {
        using var temp = new TempRepository();
        string sarif = temp.PathOf("out.sarif");

        var result = GateProcess.Run("check", "examples/cross-family", "--output", sarif);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"", File.ReadAllText(sarif));
    }

    [Fact]
    public void Lineage_as_mermaid()
    {
        var result = GateProcess.Run("lineage", "acme/owl-teacher", "--policy", "examples/owl-numbers/gate.yaml", "--format", "mermaid");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("graph BT\n", result.Stdout);
        Assert.Contains("[(\"Qwen/Qwen2.5-7B\")]", result.Stdout); // the root drawn as a cylinder
        Assert.Contains("-->|finetune|", result.Stdout);
    }
}
