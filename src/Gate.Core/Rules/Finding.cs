using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>
/// One finding: a rule that fired on a dataset, the models involved, a message that says what to do,
/// and the place a person must change. A finding cleared by a mitigation or covered by a waiver stays
/// in the report, marked, and does not count toward the verdict.
/// </summary>
public sealed record Finding(
    RuleDefinition Rule,
    Severity Severity,
    string Dataset,
    string? Teacher,
    string? Student,
    string? Shared,
    string Message,
    SourceLocation Location)
{
    public string? MitigatedBy { get; init; }

    public AppliedWaiver? Waiver { get; init; }

    /// <summary>With <c>--base</c>: whether the base commit has this finding too; null without a base, or when the base could not be compared.</summary>
    public FindingBaseline? Baseline { get; init; }

    public bool IsWaived => Waiver is not null;

    public bool IsMitigated => MitigatedBy is not null;

    /// <summary>What to do about the finding, the end of <see cref="Message"/> after "; " (null when the rule gives none apart).</summary>
    public string? Advice { get; init; }

    /// <summary>The finding with <paramref name="advice"/> ending its message.</summary>
    public Finding WithAdvice(string advice) => this with { Message = $"{Message}; {advice}", Advice = advice };

    /// <summary>The finding without its advice: a mitigated or waived finding needs nothing more done, and must not say otherwise.</summary>
    public Finding WithoutAdvice() =>
        Advice is { } advice && Message.EndsWith("; " + advice, StringComparison.Ordinal)
            ? this with { Message = Message[..^(advice.Length + 2)], Advice = null }
            : this;

    /// <summary>Counts toward the verdict: neither waived nor mitigated.</summary>
    public bool IsActive => !IsWaived && !IsMitigated;

    public static Finding Of(RuleDefinition rule, string dataset, string message, SourceLocation location,
        string? teacher = null, string? student = null, string? shared = null) =>
        new(rule, rule.DefaultSeverity, dataset, teacher, student, shared, message, location);
}
