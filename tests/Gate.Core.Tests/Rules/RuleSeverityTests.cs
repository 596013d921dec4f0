using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>The policy's rules: block sets each rule's severity; off turns a rule off.</summary>
public sealed class RuleSeverityTests
{
    private static Finding Only(GateReport report, string code) => FindingAssert.Only(report, code);

    [Theory]
    [InlineData("error", Verdict.Fail, 1, 0, 0)]
    [InlineData("warning", Verdict.Pass, 0, 1, 0)]
    [InlineData("note", Verdict.Pass, 0, 0, 1)]
    public void Rule_severity_comes_from_the_policy(string severity, Verdict verdict, int errors, int warnings, int notes)
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: $"rules:\n  shared-init: {severity}\n");
        GateReport report = repo.Check();
        Finding finding = Only(report, "GATE001");
        Assert.Equal(SeverityNames.Parse(severity), finding.Severity);
        Assert.Equal(verdict, report.Verdict);
        Assert.Equal((errors, warnings, notes), (report.Summary.Errors, report.Summary.Warnings, report.Summary.Notes));
    }

    [Fact]
    public void A_rule_set_to_off_produces_no_finding()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: "rules:\n  shared-init: off\n");
        GateReport report = repo.Check();
        Assert.Empty(report.Findings);
        Assert.Equal(Verdict.Pass, report.Verdict);
    }

    [Fact]
    public void A_warning_rule_raised_to_error_fails()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + SameFamilyRuleTests.SiblingRoots + "students:\n  - id: acme/s\n    base: acme/nano-ft\nrules:\n  same-family: error\n");
        repo.Dataset("d", "teacher: openai/gpt-4.1-mini\n");
        GateReport report = repo.Check();
        Assert.Equal(Severity.Error, Only(report, "GATE003").Severity);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void Unknown_model_set_to_warning_does_not_fail()
    {
        using var repo = Fixtures.Repo("nobody/knows", policyExtra: "rules:\n  unknown-model: warning\n");
        Assert.Equal(Verdict.Pass, repo.Check().Verdict);
    }

}
