using Gate.Core.Diagnostics;
using Gate.Core.Repository;

namespace Gate.Core.Policy;

/// <summary>An approved, expiring exception for one rule on matching datasets (and optionally one student).</summary>
public sealed record Waiver(
    Located<string> Rule,
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
