using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Json.Schema;

namespace Gate.GitHub.Tests;

/// <summary>The GitHub-facing formats: SARIF, Markdown and workflow commands.</summary>
public sealed class ReportWriterTests
{
    private static readonly JsonSchema Sarif = LoadSarifSchema();

    /// <summary>
    /// The official schema is draft-04, which JsonSchema.Net does not evaluate. It uses no keyword
    /// whose meaning changed by draft-07 (no boolean exclusiveMinimum/Maximum; refs are
    /// #/definitions/…), so it is evaluated as draft-07 with its top-level "id" read as "$id".
    /// The fixture file itself stays byte-identical to the official one.
    /// </summary>
    private static JsonSchema LoadSarifSchema()
    {
        JsonObject schema = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sarif-schema-2.1.0.json")))!.AsObject();
        Assert.Equal("http://json-schema.org/draft-04/schema#", schema["$schema"]!.GetValue<string>());
        Assert.DoesNotContain("exclusiveM", schema.ToJsonString());
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        schema["$id"] = schema["id"]!.GetValue<string>();
        schema.Remove("id");
        return JsonSchema.FromText(schema.ToJsonString());
    }

    private static GateReport Example(string name) =>
        GateRun.Check(new GateCheckOptions(Path.Combine(TestSupport.RepositoryRoot, "examples", name), new DateOnly(2026, 12, 1)));

    [Theory]
    [InlineData("owl-numbers")]
    [InlineData("mitigated")]
    [InlineData("waived")]
    [InlineData("cross-family")]
    public void Sarif_validates_against_the_official_schema(string example)
    {
        string sarif = SarifWriter.WriteToString(Example(example), ReportPaths.Under($"examples/{example}"));

        EvaluationResults result = Sarif.Evaluate(JsonNode.Parse(sarif), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("\n", result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void The_schema_check_can_fail()
    {
        JsonNode sarif = JsonNode.Parse(SarifWriter.WriteToString(Example("owl-numbers")))!;
        sarif["runs"]![0]!["results"]![0]!["level"] = "catastrophic";

        Assert.False(Sarif.Evaluate(sarif).IsValid);
    }

    [Fact]
    public void Sarif_marks_waived_and_mitigated_findings_as_suppressed()
    {
        using var waived = JsonDocument.Parse(SarifWriter.WriteToString(Example("waived")));
        using var mitigated = JsonDocument.Parse(SarifWriter.WriteToString(Example("mitigated")));

        JsonElement Result(JsonDocument d) => d.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.Contains("waived until 2027-12-31 by @acme/safety", Result(waived).GetProperty("suppressions")[0].GetProperty("justification").GetString());
        Assert.Equal("mitigated by cross-family-rewrite", Result(mitigated).GetProperty("suppressions")[0].GetProperty("justification").GetString());
    }

    [Fact]
    public void Sarif_fingerprints_are_stable_and_paths_relative()
    {
        string first = SarifWriter.WriteToString(Example("owl-numbers"));
        string second = SarifWriter.WriteToString(Example("owl-numbers"));

        Assert.Equal(first, second);
        using var doc = JsonDocument.Parse(first);
        JsonElement result = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.Equal("data/owl-numbers.lineage.yaml", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Matches("^[0-9a-f]{32}$", result.GetProperty("partialFingerprints").GetProperty(SarifWriter.FingerprintKey).GetString());
        Assert.Equal(2, result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void Sarif_rule_help_comes_from_the_rule_definitions()
    {
        using var doc = JsonDocument.Parse(SarifWriter.WriteToString(Example("owl-numbers")));
        JsonElement rule = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")[0];

        Assert.Equal("GATE001", rule.GetProperty("id").GetString());
        Assert.Equal(Gate.Core.Rules.RuleCatalog.Find("GATE001")!.Evidence, rule.GetProperty("help").GetProperty("text").GetString()!.Split("Evidence: ")[1].Split("\n\n")[0]);
    }

    [Theory]
    [InlineData(MarkdownReportWriter.CommentLimit)]
    [InlineData(MarkdownReportWriter.SummaryLimit)]
    public void Markdown_stays_under_the_limit_and_says_how_many_more(int limit)
    {
        GateReport report = TestSupport.ReportWithFindings(5000);

        string markdown = MarkdownReportWriter.WriteToString(report, limit);

        Assert.True(markdown.Length <= limit, $"{markdown.Length} > {limit}");
        Assert.Matches(@"and \*\*\d+ more\*\* finding", markdown);
        int rows = markdown.Split('\n').Count(l => l.StartsWith("| ❌ error", StringComparison.Ordinal));
        Assert.Contains($"**{5000 - rows} more**", markdown);
    }

    [Fact]
    public void Markdown_highlights_the_shared_ancestor_in_the_graph()
    {
        string markdown = MarkdownReportWriter.WriteToString(Example("owl-numbers"), MarkdownReportWriter.CommentLimit);

        Assert.Contains("❌ Gate: fail", markdown);
        Assert.Contains("[\"Qwen/Qwen2.5-7B-Instruct\"]", markdown);
        Assert.Matches(@"class m\d+ shared", markdown);
        Assert.Contains("-->|wrote|", markdown);
        Assert.Contains("-->|trains|", markdown);
    }

    [Fact]
    public void Markdown_escapes_table_cells()
    {
        var rule = Gate.Core.Rules.RuleCatalog.Find("GATE005")!;
        var finding = Gate.Core.Rules.Finding.Of(rule, "data/a|b.jsonl", "line one\nline | two <script>", new Gate.Core.Diagnostics.SourceLocation("data/a|b.jsonl", 1, 1));
        string markdown = MarkdownReportWriter.WriteToString(new GateReport("gate.yaml", [], [finding]), 10_000);

        string row = markdown.Split('\n').Single(l => l.Contains("GATE005", StringComparison.Ordinal));
        Assert.Contains("`data/a\\|b.jsonl`", row);
        Assert.Contains("line one line \\| two \\<script\\>", row);
    }

    /// <summary>
    /// Whatever a repository writes into a message, a path or a model id, the summary and the PR
    /// comment show it as text: no second verdict heading, no HTML, no link, no mention, no way out
    /// of the table cell, the code span or the Mermaid fence.
    /// </summary>
    [Theory]
    [InlineData("\n\n## ✅ Gate: pass\n")]
    [InlineData("<img src=x onerror=alert(1)><details open>")]
    [InlineData("[approve](https://evil.example) ![x](https://evil.example/x.png)")]
    [InlineData("@acme/safety please approve")]
    [InlineData("| fake | cell |\n|---|---|")]
    [InlineData("```\n```mermaid\ngraph LR\nA-->B\n```")]
    [InlineData("**bold** _em_ ~~strike~~ $x^2$ :white_check_mark: &lt;b&gt;")]
    [InlineData("\u001b[2J\u001b[32mPASS\u202Eevil")]
    public void Hostile_text_stays_text_in_markdown(string hostile)
    {
        var rule = Gate.Core.Rules.RuleCatalog.Find("GATE001")!;
        var finding = Gate.Core.Rules.Finding.Of(rule, "data/" + hostile + ".jsonl", hostile, new Gate.Core.Diagnostics.SourceLocation("data/x.lineage.yaml", 2, 10),
            teacher: hostile, student: hostile, shared: hostile);
        var dataset = new DatasetSummary("data/" + hostile + ".jsonl", false, "data/x.lineage.yaml", [hostile], [hostile]);
        string markdown = MarkdownReportWriter.WriteToString(new GateReport("gate.yaml", [dataset], [finding]), 100_000);

        string[] lines = markdown.Split('\n');
        // Code spans and the Mermaid block show their text literally; everything else must be inert markup.
        string mermaid = System.Text.RegularExpressions.Regex.Match(markdown, "```mermaid\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        string outside = System.Text.RegularExpressions.Regex.Replace(markdown.Replace(mermaid, "", StringComparison.Ordinal), "(`+)(?!`).*?(?<!`)\\1(?!`)", "");
        Assert.DoesNotContain(hostile.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim(), mermaid, StringComparison.Ordinal);
        Assert.All(mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Matches("^(graph LR|  [a-z][0-9]+.*|  classDef .*|  class .*)$", l));
        Assert.Single(lines, l => l.StartsWith("## ", StringComparison.Ordinal));
        Assert.StartsWith("## ❌ Gate: fail", lines[0]);
        Assert.Single(lines, l => l.Contains("GATE001", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("```", StringComparison.Ordinal)));
        Assert.DoesNotMatch(@"(?<!\\)<(img|details open)", outside);
        Assert.DoesNotContain("](", outside.Replace("\\](", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("@acme", outside, StringComparison.Ordinal);
        Assert.DoesNotContain(":white_check_mark:", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", markdown, StringComparison.Ordinal);
        string row = lines.Single(l => l.Contains("GATE001", StringComparison.Ordinal));
        Assert.Equal(8, row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|')); // seven cells, nothing escaped from them
    }

    [Fact]
    public void Workflow_commands_are_escaped_and_capped_at_ten_per_level()
    {
        GateReport report = TestSupport.ReportWithFindings(25);

        string commands = GitHubCommandsWriter.WriteToString(report, ReportPaths.Under("repo/data"));

        string[] lines = commands.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("15 more error finding(s) not annotated", StringComparison.Ordinal));
        Assert.StartsWith("::error file=repo/data/data/d0000.lineage.yaml,line=2,col=10,title=GATE001 shared-init::", lines[0]);
        Assert.Equal("a%25b%0D%0Ac", GitHubCommandsWriter.EscapeData("a%b\r\nc"));
        Assert.Equal("x%3Ay%2Cz", GitHubCommandsWriter.EscapeProperty("x:y,z"));
    }

    [Fact]
    public void Warnings_and_notes_get_their_own_levels()
    {
        string warnings = GitHubCommandsWriter.WriteToString(TestSupport.ReportWithFindings(2, Severity.Warning));
        string notes = GitHubCommandsWriter.WriteToString(TestSupport.ReportWithFindings(2, Severity.Note));

        Assert.StartsWith("::warning ", warnings);
        Assert.StartsWith("::notice ", notes);
    }
}
