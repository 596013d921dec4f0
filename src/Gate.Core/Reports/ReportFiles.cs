using Gate.Core.IO;

namespace Gate.Core.Reports;

/// <summary>
/// Renders a report in a format, and writes report files for every host alike: everything is
/// rendered before anything is written, and each file is written whole or not at all
/// (<see cref="AtomicFile"/>). Whether a path is an input of the run was checked before the run
/// (<see cref="OutputGuard"/>).
/// </summary>
public static class ReportFiles
{
    public static string Render(GateReport report, ReportFormat format, ReportPaths? paths = null) => format switch
    {
        ReportFormat.Json => JsonReportWriter.WriteToString(report),
        ReportFormat.Sarif => SarifWriter.WriteToString(report, paths),
        ReportFormat.Markdown => MarkdownReportWriter.WriteToString(report, MarkdownReportWriter.SummaryLimit, paths),
        ReportFormat.GitHub => GitHubCommandsWriter.WriteToString(report, paths),
        _ => TextReportWriter.WriteToString(report),
    };

    /// <summary>Writes each (format, path) pair; all are rendered first, so a rendering failure writes none.</summary>
    public static void Write(GateReport report, IEnumerable<(ReportFormat Format, string Path)> files, ReportPaths? paths = null)
    {
        var rendered = files.Select(f => (f.Path, Text: Render(report, f.Format, paths))).ToList();
        foreach (var (path, text) in rendered)
        {
            AtomicFile.WriteAllText(path, text);
        }
    }
}
