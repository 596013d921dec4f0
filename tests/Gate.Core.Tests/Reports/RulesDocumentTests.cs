using Gate.Core.Reports;

namespace Gate.Core.Tests.Reports;

/// <summary>docs/rules.md is the rule definitions written out: it fails here when the two drift.</summary>
public sealed class RulesDocumentTests
{
    private static string Committed => Path.Combine(SourceTree.Root, "docs", "rules.md");

    [Fact]
    public void The_committed_rules_document_is_the_one_the_definitions_give()
    {
        string expected = ExplainWriter.RulesDocument();
        if (Environment.GetEnvironmentVariable("GATE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(Committed, expected);
        }

        Assert.True(File.Exists(Committed), "docs/rules.md is missing: run the tests once with GATE_UPDATE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(Committed).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_rule_and_input_error_is_in_it_with_its_evidence()
    {
        string document = ExplainWriter.RulesDocument();
        foreach (var rule in Gate.Core.Rules.RuleCatalog.All)
        {
            Assert.Contains($"### {rule.Code} {rule.Name}", document, StringComparison.Ordinal);
            Assert.Contains(rule.Evidence, document, StringComparison.Ordinal);
        }

        Assert.All(Gate.Core.Diagnostics.InputErrorKind.All, k => Assert.Contains($"| {k.Code} | {k.Name} |", document, StringComparison.Ordinal));
    }
}
