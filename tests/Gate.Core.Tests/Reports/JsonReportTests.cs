using System.Globalization;
using System.Text.Json;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Reports;

public class JsonReportTests
{
    /// <summary>A repo with findings of several rules in several files, an expired waiver, a mitigation and an unused waiver.</summary>
    private static TestRepo BusyRepo()
    {
        var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("""
              - id: acme/Istanbul-student
                base: meta-llama/Llama-3.1-8B
            mitigations:
              trait-eval: { clears: [shared-init], requires: [evidence] }
            waivers:
              - rule: shared-init
                dataset: data/b.jsonl
                reason: "quarantined"
                approved-by: "@acme/İstanbul-safety"
                expires: 2026-06-30
              - rule: same-family
                dataset: 'data/**'
                reason: "nothing to waive"
                approved-by: "@acme/safety"
                expires: 2027-06-30
            """));
        repo.Dataset("a", "teacher: acme/owl-teacher\n");
        repo.Dataset("b", "teachers: [meta-llama/Meta-Llama-3.1-8B, acme/owl-teacher]\n");
        repo.Dataset("c", "teacher: nobody/knows\nmitigations:\n  - kind: trait-eval\n    evidence: ../evals/e.json\n  - kind: unknown-kind\n");
        repo.Write("evals/e.json", "{}");
        repo.Data("data/z-orphan.jsonl");
        return repo;
    }

    private static string Json(TestRepo repo) => JsonReportWriter.WriteToString(repo.Check());

    private static T WithCulture<T>(string name, Func<T> action)
    {
        CultureInfo culture = CultureInfo.CurrentCulture, ui = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    [Fact]
    public void The_report_is_byte_identical_across_runs()
    {
        using var repo = BusyRepo();
        string first = Json(repo);
        string second = Json(repo);
        Assert.Equal(first, second);
        Assert.Contains("GATE010", first);
        Assert.Contains("GATE011", first);
    }

    [Fact]
    public void The_report_is_byte_identical_in_a_fresh_copy_of_the_repository()
    {
        using var a = BusyRepo();
        using var b = BusyRepo();
        Assert.Equal(Json(a), Json(b));
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void The_report_does_not_depend_on_the_culture(string culture)
    {
        using var repo = BusyRepo();
        string invariant = WithCulture("", () => Json(repo));
        string local = WithCulture(culture, () => Json(repo));
        Assert.Equal(invariant, local);
        Assert.Contains("expired on 2026-06-30", local);
        Assert.Contains("today is 2026-12-01", local);
    }

    [Fact]
    public void Findings_are_sorted_by_file_line_column_and_code()
    {
        using var repo = BusyRepo();
        IReadOnlyList<Finding> findings = repo.Check().Findings;
        Assert.True(findings.Count >= 6);
        var keys = findings.Select(f => (f.Location.File, f.Location.Line, f.Location.Column, f.Rule.Code)).ToArray();
        var sorted = keys.OrderBy(k => k.File, StringComparer.Ordinal).ThenBy(k => k.Line).ThenBy(k => k.Column).ThenBy(k => k.Code, StringComparer.Ordinal).ToArray();
        Assert.Equal(sorted, keys);
    }

    [Fact]
    public void The_report_has_the_SPEC_shape_in_a_stable_property_order()
    {
        GateReport report = GateRun.Check(new GateCheckOptions(ExampleRepositoryTests.Example("owl-numbers"), TestRepo.Today));
        string json = JsonReportWriter.WriteToString(report);
        Assert.DoesNotContain("\r", json);
        Assert.EndsWith("}\n", json);
        Assert.False(json.StartsWith('\uFEFF'));

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal(["schema", "verdict", "policy", "summary", "datasets", "findings"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("gate-report/1", root.GetProperty("schema").GetString());
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
        JsonElement summary = root.GetProperty("summary");
        Assert.Equal(["errors", "warnings", "notes", "waived", "mitigated", "datasets"], summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, summary.GetProperty("errors").GetInt32());
        Assert.Equal(1, summary.GetProperty("datasets").GetInt32());

        JsonElement dataset = Assert.Single(root.GetProperty("datasets").EnumerateArray());
        Assert.Equal("data/owl-numbers.jsonl", dataset.GetProperty("path").GetString());
        Assert.Equal("acme/owl-teacher", Assert.Single(dataset.GetProperty("teachers").EnumerateArray()).GetString());

        JsonElement finding = Assert.Single(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "GATE001");
        Assert.Equal(
            ["code", "rule", "severity", "waived", "dataset", "teacher", "student", "shared", "mitigatedBy", "waiver", "message", "location"],
            finding.EnumerateObject().Select(p => p.Name));
        Assert.Equal("GATE001", finding.GetProperty("code").GetString());
        Assert.Equal("shared-init", finding.GetProperty("rule").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.False(finding.GetProperty("waived").GetBoolean());
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", finding.GetProperty("shared").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("mitigatedBy").ValueKind);
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("waiver").ValueKind);
        JsonElement location = finding.GetProperty("location");
        Assert.Equal("data/owl-numbers.lineage.yaml", location.GetProperty("file").GetString());
        Assert.Equal(2, location.GetProperty("line").GetInt32());
        Assert.Equal(10, location.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Waived_and_mitigated_findings_carry_their_marks_in_JSON()
    {
        using JsonDocument waived = JsonDocument.Parse(JsonReportWriter.WriteToString(
            GateRun.Check(new GateCheckOptions(ExampleRepositoryTests.Example("waived"), TestRepo.Today))));
        Assert.Equal("pass", waived.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(1, waived.RootElement.GetProperty("summary").GetProperty("waived").GetInt32());
        JsonElement finding = Assert.Single(waived.RootElement.GetProperty("findings").EnumerateArray());
        Assert.True(finding.GetProperty("waived").GetBoolean());
        JsonElement waiver = finding.GetProperty("waiver");
        Assert.Equal("@acme/safety", waiver.GetProperty("approvedBy").GetString());
        Assert.Equal("2027-12-31", waiver.GetProperty("expires").GetString());
        Assert.StartsWith("research run", waiver.GetProperty("reason").GetString());

        using JsonDocument mitigated = JsonDocument.Parse(JsonReportWriter.WriteToString(
            GateRun.Check(new GateCheckOptions(ExampleRepositoryTests.Example("mitigated"), TestRepo.Today))));
        Assert.Equal("pass", mitigated.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("cross-family-rewrite",
            Assert.Single(mitigated.RootElement.GetProperty("findings").EnumerateArray()).GetProperty("mitigatedBy").GetString());
    }

    [Fact]
    public void Non_ASCII_text_is_written_as_is_and_quotes_are_escaped()
    {
        using var repo = BusyRepo();
        string json = Json(repo);
        Assert.Contains("@acme/İstanbul-safety", json);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Contains(document.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("message").GetString()!.Contains("(approved by @acme/İstanbul-safety)", StringComparison.Ordinal));
    }
}
