using Gate.Core.Reports;

namespace Gate.Cli;

/// <summary>
/// Output for people, made inert when it lands in a GitHub Actions log (<c>GITHUB_ACTIONS=true</c>):
/// there a line that starts with <c>::</c>, or holds <c>##[</c>, is a command to the runner, and
/// what Gate prints quotes the repository (a file named <c>::add-mask::…</c>, a generator value).
/// Elsewhere the text is printed as it is (already escaped for a terminal).
/// </summary>
internal static class WorkflowLog
{
    public static bool InActions => string.Equals(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Inert(string text) => InActions ? GitHubCommandsWriter.Inert(text) : text;
}
