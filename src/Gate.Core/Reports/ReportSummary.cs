namespace Gate.Core.Reports;

/// <summary>
/// Counts of findings that count toward the verdict by severity, and of those set aside
/// (waived, mitigated), over <see cref="Datasets"/> datasets.
/// </summary>
public sealed record ReportSummary(int Errors, int Warnings, int Notes, int Waived, int Mitigated, int Datasets);
