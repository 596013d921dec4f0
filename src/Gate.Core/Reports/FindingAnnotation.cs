using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Reports;

/// <summary>
/// A finding as GitHub annotates it, in the check run and in workflow commands alike: the path as the
/// repository names it, the title <c>{Code} {Name}</c>, the severity, and a line and column (at least
/// 1) only when the finding has a position. Each output decides what to do without a position.
/// </summary>
public sealed record FindingAnnotation(Severity Severity, string File, int? Line, int? Column, string Title, string Message)
{
    /// <summary>The workflow-command level: <c>error</c>, <c>warning</c> or <c>notice</c>.</summary>
    public string Level => LevelOf(Severity);

    public static FindingAnnotation From(Finding finding, ReportPaths paths)
    {
        var (line, column) = PositionOf(finding.Location);
        return new(finding.Severity, paths.Map(finding.Location.File), line, column, $"{finding.Rule.Code} {finding.Rule.Name}", finding.Message);
    }

    /// <summary>The workflow-command level of a severity: <c>error</c>, <c>warning</c>, else <c>notice</c>.</summary>
    public static string LevelOf(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    /// <summary>The line and column GitHub gets: both only when the location has a position, the column at least 1.</summary>
    internal static (int? Line, int? Column) PositionOf(SourceLocation location) =>
        location.HasPosition ? (location.Line, Math.Max(1, location.Column)) : (null, null);
}
