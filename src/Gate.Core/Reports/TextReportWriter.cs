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
        if (finding.MitigatedBy is not null) parts.Add($"MITIGATED by {finding.MitigatedBy}");
        if (finding.Waiver is { } w)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"WAIVED until {w.Expires:yyyy-MM-dd} by {w.ApprovedBy}: {w.Reason} ({w.Location})"));
        }

        return string.Join(" · ", parts);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
