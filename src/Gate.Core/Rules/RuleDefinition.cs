using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>
/// Everything a person is told about a rule, in one place: <c>gate explain</c>, report writers
/// and the documentation all read it from here.
/// </summary>
/// <param name="Code">Stable code, <c>GATE001</c>.</param>
/// <param name="Name">The name used in <c>gate.yaml</c>, <c>shared-init</c>.</param>
/// <param name="DefaultSeverity">The severity when the policy's <c>rules:</c> does not set one.</param>
/// <param name="Summary">One line: what fires the rule.</param>
/// <param name="Explanation">Why it matters.</param>
/// <param name="Evidence">What the rule rests on, with sources, no stronger than they are.</param>
/// <param name="Resolution">What a person can do about a finding.</param>
public sealed record RuleDefinition(
    string Code,
    string Name,
    Severity DefaultSeverity,
    string Summary,
    string Explanation,
    string Evidence,
    string Resolution)
{
    /// <summary>
    /// The rule reads the datasets' content: the evaluator runs it only when the content was scanned,
    /// and a run scans only when such a rule is on (<see cref="RuleCatalog.ScannerRules"/>).
    /// </summary>
    public bool NeedsScan { get; init; }
}
