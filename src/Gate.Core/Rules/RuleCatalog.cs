namespace Gate.Core.Rules;

/// <summary>
/// The rules Gate knows, by code and by name: a plain list of their definitions (code, name, default
/// severity, text). The policy loader, <c>gate explain</c>, SARIF and docs/rules.md read it; none of
/// them needs the rules' implementations, so loading a policy never builds the evaluator.
/// </summary>
public static class RuleCatalog
{
    /// <summary>The evaluated rules in evaluation order, then the two waiver rules the evaluator applies itself.</summary>
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        SharedInitRule.Definition,
        BehaviouralMatchRule.Definition,
        SameFamilyRule.Definition,
        UnknownModelRule.Definition,
        MissingLineageRule.Definition,
        DatasetChangedRule.Definition,
        UndeclaredTeacherRule.Definition,
        DivergenceRule.Definition,
        InvalidMitigationRule.Definition,
        ModelCardSlipRule.Definition,
        WaiverExpiredRule.Definition,
        WaiverUnusedRule.Definition,
    ];

    /// <summary>Rules that need the datasets' content scanned.</summary>
    public static IReadOnlyList<RuleDefinition> ScannerRules { get; } = [.. All.Where(r => r.NeedsScan)];

    /// <summary>Every name a policy's <c>rules:</c>, a mitigation's <c>clears:</c> or a waiver may use.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = [.. All.Select(r => r.Name)];

    /// <summary>Finds a rule by code (<c>GATE001</c>, any case) or name (<c>shared-init</c>).</summary>
    public static RuleDefinition? Find(string codeOrName) =>
        All.FirstOrDefault(r => string.Equals(r.Code, codeOrName, StringComparison.OrdinalIgnoreCase)
                             || string.Equals(r.Name, codeOrName, StringComparison.OrdinalIgnoreCase));
}
