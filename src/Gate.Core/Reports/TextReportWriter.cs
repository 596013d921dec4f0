using System.Globalization;
using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Reports;

/// <summary>
/// The report for people: one canonical <c>file(line,col): severity CODE rule: message</c> line per
/// finding (what editors and problem matchers understand), a detail line, then the verdict.
/// </summary>
public static class TextReportWriter
{
    public static void Write(GateReport report, TextWriter output)
    {
        if (report.Changes is { } changes)
        {
            WriteChanges(changes, report.Findings, output);
        }

        foreach (Finding finding in report.Findings)
        {
            // Set-aside findings do not start with "error"/"warning", so problem matchers don't count them.
            string status = finding.IsWaived ? $"waived {finding.Severity.ToName()}" : finding.IsMitigated ? $"mitigated {finding.Severity.ToName()}" : finding.Severity.ToName();
            // Paths, ids and messages quote the repository: shown escaped, so none can forge or hide a line.
            output.WriteLine($"{VisibleText.Escape(finding.Location.ToString())}: {status} {finding.Rule.Code} {finding.Rule.Name}: {VisibleText.Escape(finding.Message)}");
            output.WriteLine($"    {VisibleText.Escape(Detail(finding))}");
        }

        if (report.Findings.Count > 0)
        {
            output.WriteLine();
        }

        ReportSummary s = report.Summary;
        string verdict = report.Verdict == Verdict.Pass ? "PASS" : "FAIL";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verdict}: {Count(s.Errors, "error")}, {Count(s.Warnings, "warning")}, {Count(s.Notes, "note")}; {s.Waived} waived, {s.Mitigated} mitigated; {Count(s.Datasets, "dataset")} checked against {VisibleText.Escape(report.PolicyFile)}"));
    }

    /// <summary>What the change does against the base, before the findings: "+ path", "~ path: what", "- path", each with its lineage.</summary>
    private static void WriteChanges(ChangeSummary changes, IReadOnlyList<Finding> findings, TextWriter output)
    {
        string none = (changes.BaseHasLock ? string.Empty : " (the base locks no dataset)")
            + (changes.ContentCompared ? string.Empty : " (content not compared: the policy turns every content rule off)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Changes against {VisibleText.Escape(changes.Base)} ({changes.Commit[..12]}): {Count(changes.Added, "dataset")} added, {changes.Changed} changed, {changes.Removed} removed{none}"));
        foreach (DatasetChange change in changes.Datasets)
        {
            char mark = change.Kind switch { DatasetChangeKind.Added => '+', DatasetChangeKind.Removed => '-', _ => '~' };
            string what = change.What.Count > 0 ? $": {string.Join("; ", change.What)}" : string.Empty;
            string teachers = change.Teachers.Count == 0 ? "none" : string.Join(", ", change.Teachers);
            string students = change.Students.Count == 0 ? "none" : string.Join(", ", change.Students);
            output.WriteLine(VisibleText.Escape($"  {mark} {change.Path}{what} · teachers {teachers} · students {students}"));
        }

        if (FindingsAgainstBase(changes, findings) is { } line)
        {
            output.WriteLine(VisibleText.Escape(line));
        }

        if (changes.ScanLine() is { } scanned)
        {
            output.WriteLine(VisibleText.Escape(scanned));
        }

        output.WriteLine();
    }

    /// <summary>"Findings: 2 new in this change, 1 already on the base", or why they were not compared; null when there are none to compare.</summary>
    internal static string? FindingsAgainstBase(ChangeSummary changes, IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? null
            : changes.FindingsNotCompared is { } why ? $"Findings not compared with the base: {why}"
            : string.Create(CultureInfo.InvariantCulture,
                $"Findings: {findings.Count(f => f.Baseline == FindingBaseline.New)} new in this change, {findings.Count(f => f.Baseline == FindingBaseline.Unchanged)} already on the base");

    public static string WriteToString(GateReport report)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(report, writer);
        return writer.ToString();
    }

    private static string Detail(Finding finding)
    {
        var parts = new List<string> { $"dataset {finding.Dataset}" };
        if (finding.Teacher is not null) parts.Add($"teacher {finding.Teacher}");
        if (finding.Student is not null) parts.Add($"student {finding.Student}");
        if (finding.Shared is not null) parts.Add($"shared {finding.Shared}");
        if (finding.Baseline is { } baseline) parts.Add(baseline == FindingBaseline.New ? "NEW in this change" : "already on the base");
        if (finding.MitigatedBy is not null) parts.Add($"MITIGATED by {finding.MitigatedBy}");
        if (finding.Waiver is { } w)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"WAIVED until {w.Expires:yyyy-MM-dd} by {w.ApprovedBy}: {w.Reason} ({w.Location})"));
        }

        return string.Join(" · ", parts);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
