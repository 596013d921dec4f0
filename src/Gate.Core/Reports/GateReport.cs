using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Reports;

/// <summary>The outcome of <c>gate check</c>: datasets, findings (sorted), and the verdict.</summary>
public sealed record GateReport(string PolicyFile, IReadOnlyList<DatasetSummary> Datasets, IReadOnlyList<Finding> Findings)
{
    public const string Schema = "gate-report/1";

    public ReportSummary Summary { get; } = new(
        Errors: Findings.Count(f => f.IsActive && f.Severity == Severity.Error),
        Warnings: Findings.Count(f => f.IsActive && f.Severity == Severity.Warning),
        Notes: Findings.Count(f => f.IsActive && f.Severity == Severity.Note),
        Waived: Findings.Count(f => f.IsWaived),
        Mitigated: Findings.Count(f => f.IsMitigated),
        Datasets: Datasets.Count);

    public Verdict Verdict => Summary.Errors > 0 ? Verdict.Fail : Verdict.Pass;

    /// <summary>What the change does against a base commit (<c>--base</c>); null when none was asked for.</summary>
    public ChangeSummary? Changes { get; init; }

    /// <summary>Why a change could not be described against an optional base (<see cref="GateCheckOptions.BaseIsOptional"/>); null otherwise.</summary>
    public string? ChangesUnavailable { get; init; }
}
