using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>The catalog is a plain list of definitions; the evaluator's rules are the same rules in the same order.</summary>
public sealed class RuleCatalogTests
{
    [Fact]
    public void The_catalog_lists_the_evaluated_rules_in_order_then_the_waiver_rules()
    {
        Assert.Equal(
            [.. RuleEvaluator.Rules.Select(r => r.Definition), WaiverExpiredRule.Definition, WaiverUnusedRule.Definition],
            RuleCatalog.All);
    }

    [Fact]
    public void The_catalog_finds_rules_by_code_and_name()
    {
        Assert.Equal("shared-init", RuleCatalog.Find("gate001")!.Name);
        Assert.Equal("GATE011", RuleCatalog.Find("waiver-unused")!.Code);
        Assert.Equal("GATE008", RuleCatalog.Find("divergence")!.Code);
        Assert.Equal(RuleCatalog.All.Count, RuleCatalog.All.Select(r => r.Code).Distinct().Count());
        Assert.Contains("divergence", RuleCatalog.KnownNames);
    }
}
