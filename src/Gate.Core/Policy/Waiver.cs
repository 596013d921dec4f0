using Gate.Core.Diagnostics;
using Gate.Core.Repository;
using Gate.Core.Rules;

namespace Gate.Core.Policy;

/// <summary>An approved, expiring exception for one rule on matching datasets (and optionally one student).</summary>
/// <param name="Rule">The rule's name or code as written, in any case; messages print it so.</param>
/// <param name="Waives">The rule <paramref name="Rule"/> names, resolved when the policy is loaded.</param>
public sealed record Waiver(
    Located<string> Rule,
    RuleDefinition Waives,
    Located<Glob> Dataset,
    Located<string>? Student,
    Located<string> Reason,
    Located<string> ApprovedBy,
    Located<DateOnly> Expires,
    SourceLocation Location)
{
    /// <summary>A waiver is valid through its expiry date, inclusive.</summary>
    public bool IsExpired(DateOnly today) => today > Expires.Value;
}
