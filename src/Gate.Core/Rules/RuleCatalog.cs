namespace Gate.Core.Rules;

/// <summary>The rules Gate evaluates, by code and by name.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        SharedInitRule.Definition,
        BehaviouralMatchRule.Definition,
        SameFamilyRule.Definition,
        UnknownModelRule.Definition,
        MissingLineageRule.Definition,
        InvalidMitigationRule.Definition,
        WaiverExpiredRule.Definition,
        WaiverUnusedRule.Definition,
    ];

    /// <summary>
    /// Rule names of SPEC §4 that the content scanner evaluates. A policy may already set their
    /// severities; until the scanner is built they produce no findings.
    /// </summary>
    public static IReadOnlyList<string> ScannerRuleNames { get; } = ["dataset-changed", "undeclared-teacher", "divergence"];

    /// <summary>Every name a policy's <c>rules:</c>, a mitigation's <c>clears:</c> or a waiver may use.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = [.. All.Select(r => r.Name), .. ScannerRuleNames];

    /// <summary>Finds a rule by code (<c>GATE001</c>, any case) or name (<c>shared-init</c>).</summary>
    public static RuleDefinition? Find(string codeOrName) =>
        All.FirstOrDefault(r => string.Equals(r.Code, codeOrName, StringComparison.OrdinalIgnoreCase)
                             || string.Equals(r.Name, codeOrName, StringComparison.OrdinalIgnoreCase));
}
