namespace Gate.Core.Reports;

// The enum and the names the command line and file extensions use for it.

/// <summary>The forms a report takes: text for people, JSON and SARIF for tools, Markdown for a summary or comment, GitHub workflow commands.</summary>
public enum ReportFormat
{
    Text,
    Json,
    Sarif,
    Markdown,
    GitHub,
}

/// <summary>The names of <see cref="ReportFormat"/> on the command line and in file extensions.</summary>
public static class ReportFormats
{
    public static IReadOnlyList<string> Names { get; } = ["text", "json", "sarif", "markdown", "github"];

    public static ReportFormat Parse(string name) => name switch
    {
        "json" => ReportFormat.Json,
        "sarif" => ReportFormat.Sarif,
        "markdown" => ReportFormat.Markdown,
        "github" => ReportFormat.GitHub,
        "text" => ReportFormat.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a report format"),
    };

    /// <summary>The format a file name's extension names (<c>.json</c>, <c>.sarif</c>, <c>.md</c>), else text.</summary>
    public static ReportFormat FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => ReportFormat.Json,
        ".sarif" => ReportFormat.Sarif,
        ".md" or ".markdown" => ReportFormat.Markdown,
        _ => ReportFormat.Text,
    };
}
