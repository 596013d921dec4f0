using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>GATE003 same-family: one family, separate initializations.</summary>
public sealed class SameFamilyRuleTests
{
    private static Finding Only(GateReport report, string code) => FindingAssert.Only(report, code);

    internal const string SiblingRoots = """
          - {id: openai/gpt-4.1-mini, root: true, family: gpt-4.1}
          - {id: openai/gpt-4.1-nano, root: true, family: gpt-4.1}
          - {id: acme/nano-ft, base: openai/gpt-4.1-nano}

        """;

    [Fact]
    public void Same_family_with_different_roots_is_a_GATE003_warning_not_GATE001()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + SiblingRoots + "students:\n  - id: acme/s\n    base: acme/nano-ft\n");
        repo.Dataset("d", "teacher: openai/gpt-4.1-mini\n");
        GateReport report = repo.Check();
        Finding finding = Only(report, "GATE003");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Null(finding.Shared);
        Assert.Contains("gpt-4.1", finding.Message);
        Assert.Equal(Verdict.Pass, report.Verdict);
        Assert.Equal(1, report.Summary.Warnings);
    }

    [Fact]
    public void Cross_family_gives_no_finding()
    {
        using var repo = Fixtures.Repo("deepseek-ai/DeepSeek-R1");
        GateReport report = repo.Check();
        Assert.Empty(report.Findings);
        Assert.Equal(Verdict.Pass, report.Verdict);
    }

    [Fact]
    public void Same_family_does_not_claim_separate_initializations_when_a_lineage_is_unresolved()
    {
        using var repo = Fixtures.Repo("acme/vague-teacher");
        // The teacher is declared with a family but neither base nor root.
        repo.Policy(Fixtures.Policy().Replace("models:\n", "models:\n  - id: acme/vague-teacher\n    family: qwen2.5\n"));

        GateReport report = repo.Check();

        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE004");
        Assert.DoesNotContain(report.Findings, f => f.Rule.Code == "GATE003");
    }
}
