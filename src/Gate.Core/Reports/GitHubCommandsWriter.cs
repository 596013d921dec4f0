using System.Globalization;
using System.Text;
using Gate.Core.Diagnostics;

namespace Gate.Core.Reports;

/// <summary>
/// GitHub workflow-command annotations (<c>::error file=…,line=…::message</c>), escaped, at most
/// <see cref="PerLevelLimit"/> per level — GitHub drops the rest of a step's annotations silently,
/// so Gate says how many it left out. Waived and mitigated findings are not annotated.
/// </summary>
public static class GitHubCommandsWriter
{
    public const int PerLevelLimit = 10;

    public static string WriteToString(GateReport report, ReportPaths? paths = null)
    {
        paths ??= ReportPaths.Relative;
        var sb = new StringBuilder();
        var omitted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in report.Findings.Where(f => f.IsActive).Select(f => FindingAnnotation.From(f, paths)).GroupBy(a => a.Level))
        {
            int n = 0;
            foreach (FindingAnnotation annotation in group)
            {
                if (n++ >= PerLevelLimit)
                {
                    omitted[group.Key] = omitted.GetValueOrDefault(group.Key) + 1;
                    continue;
                }

                AppendAnnotation(sb, annotation.Level, annotation.File, annotation.Line, annotation.Column, annotation.Title, annotation.Message);
            }
        }

        foreach (var (level, count) in omitted)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"Gate: {count} more {level} finding(s) not annotated (GitHub shows at most {PerLevelLimit} per level in a step); the job summary, SARIF and check run list them all.\n");
        }

        return sb.ToString();
    }

    /// <summary>One <c>::error</c> annotation per input error (GATE1xx), at its file, line and column when it has them.</summary>
    public static string WriteInputErrors(IEnumerable<InputError> errors, ReportPaths? paths = null)
    {
        paths ??= ReportPaths.Relative;
        var sb = new StringBuilder();
        foreach (InputError error in errors)
        {
            var (line, column) = error.Location is { } at ? FindingAnnotation.PositionOf(at) : (null, null);
            AppendAnnotation(sb, "error", error.Location is { } located ? paths.Map(located.File) : null, line, column, error.Code, error.Message);
        }

        return sb.ToString();
    }

    private static void AppendAnnotation(StringBuilder sb, string level, string? file, int? line, int? column, string title, string message)
    {
        sb.Append("::").Append(level);
        if (file is not null)
        {
            sb.Append(" file=").Append(EscapeProperty(file));
            if (line is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $",line={line},col={column}");
            }

            sb.Append(',');
        }
        else
        {
            sb.Append(' ');
        }

        sb.Append("title=").Append(EscapeProperty(title)).Append("::").Append(EscapeData(message)).Append('\n');
    }

    /// <summary>
    /// Text for a workflow log that must not be read as commands: between <c>::stop-commands::TOKEN</c>
    /// and <c>::TOKEN::</c> the runner processes no command at all (neither <c>::error::</c> nor the
    /// older <c>##[…]</c> form, which it finds anywhere in a line). The token is random per call, so the
    /// text cannot end the pause by naming it. Used for everything Gate logs that quotes the repository.
    /// </summary>
    public static string Inert(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        string token = "gate-" + Guid.NewGuid().ToString("N");
        return $"::stop-commands::{token}\n{(text.EndsWith('\n') ? text : text + "\n")}::{token}::\n";
    }

    /// <summary>A workflow command's message: <c>%</c>, CR and LF escaped as the runner expects, then every other hidden character made visible.</summary>
    public static string EscapeData(string value) =>
        VisibleText.Escape(value.Replace("%", "%25", StringComparison.Ordinal)
             .Replace("\r", "%0D", StringComparison.Ordinal)
             .Replace("\n", "%0A", StringComparison.Ordinal));

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
