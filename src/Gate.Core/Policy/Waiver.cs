using Gate.Core.Diagnostics;
using Gate.Core.Repository;
using Gate.Core.Rules;

namespace Gate.Core.Policy;

/// <summary>An approved, expiring exception for one rule on matching datasets (and optionally one teacher and one student).</summary>
/// <param name="Rule">The rule's name or code as written, in any case; messages print it so.</param>
/// <param name="Waives">The rule <paramref name="Rule"/> names, resolved when the policy is loaded.</param>
/// <param name="Dataset">The glob of the datasets it covers.</param>
/// <param name="Student">The one student it covers; null for every student.</param>
/// <param name="Reason">Why the risk is accepted.</param>
/// <param name="ApprovedBy">Who approved it.</param>
/// <param name="Expires">The last day it applies.</param>
/// <param name="Location">Where gate.yaml writes it.</param>
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
    /// <summary>
    /// The one teacher it covers; null for every teacher. Pinned, a waiver does not cover a finding
    /// that a later change of the dataset's manifest brings with another teacher.
    /// </summary>
    public Located<string>? Teacher { get; init; }

    /// <summary>A waiver is valid through its expiry date, inclusive.</summary>
    public bool IsExpired(DateOnly today) => today > Expires.Value;
}
