namespace Gate.Core.Rules;

/// <summary>
/// With <c>--base</c>: whether a finding is new in the change or was already on the base commit
/// (SARIF's <c>baselineState</c> <c>new</c> and <c>unchanged</c>).
/// </summary>
public enum FindingBaseline
{
    New,
    Unchanged,
}
