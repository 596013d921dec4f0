using System.Text.RegularExpressions;

namespace Gate.Cli;

/// <summary>
/// Colour for the text report on a terminal: the FAIL and PASS line, and the severity word of each
/// finding. Never when standard output is redirected (a file, a pipe, a CI log), when
/// <c>NO_COLOR</c> is set (no-color.org), with <c>--no-color</c>, or on a dumb terminal. The report's
/// text is already escaped (no escape sequence from the repository survives), so the only escape
/// sequences in coloured output are these.
/// </summary>
internal static partial class TerminalColour
{
    private const string Red = "\u001b[31m", BoldRed = "\u001b[1;31m", Yellow = "\u001b[33m", Cyan = "\u001b[36m", BoldGreen = "\u001b[1;32m", Reset = "\u001b[0m";

    public static bool IsWanted(bool noColorOption) =>
        !noColorOption
        && Environment.GetEnvironmentVariable("NO_COLOR") is not { Length: > 0 }
        && Environment.GetEnvironmentVariable("TERM") is not "dumb"
        && !Console.IsOutputRedirected
        && !WorkflowLog.InActions;

    /// <summary>The text report with its verdict line and severity words coloured.</summary>
    public static string Apply(string report)
    {
        string coloured = Severity().Replace(report, m => m.Groups["word"].Value switch
        {
            "error" => $"{m.Groups["before"].Value}{Red}error{Reset} GATE",
            "warning" => $"{m.Groups["before"].Value}{Yellow}warning{Reset} GATE",
            _ => $"{m.Groups["before"].Value}{Cyan}note{Reset} GATE",
        });
        return Verdict().Replace(coloured, m => (m.Groups["verdict"].Value == "FAIL" ? BoldRed : BoldGreen) + m.Value + Reset);
    }

    [GeneratedRegex(@"(?<before>\): |^)(?<word>error|warning|note) GATE", RegexOptions.Multiline)]
    private static partial Regex Severity();

    [GeneratedRegex(@"^(?<verdict>FAIL|PASS): [^\n]*", RegexOptions.Multiline)]
    private static partial Regex Verdict();
}
