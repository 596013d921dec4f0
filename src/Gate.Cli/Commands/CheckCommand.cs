using System.CommandLine;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Reports;

namespace Gate.Cli.Commands;

/// <summary><c>gate check [DIR]</c>: evaluates everything and writes the requested reports.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var workspace = new WorkspaceOptions();
        var format = new Option<string[]>("--format", "-f")
        {
            Description = $"Report format: {string.Join(" | ", ReportTarget.Formats)}. Repeat --format/--output pairs for several reports in one run.",
            AllowMultipleArgumentsPerToken = false,
        };
        format.AcceptOnlyFromAmong([.. ReportTarget.Formats]);
        var output = new Option<string[]>("--output", "-o")
        {
            Description = "Write the preceding --format to this file (written whole or not at all). Default: standard output.",
            AllowMultipleArgumentsPerToken = false,
        };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Judge waiver expiry as of this date (YYYY-MM-DD) instead of today (UTC), e.g. to see what expires before a release.",
        };

        var command = new Command("check", "Evaluate the repository's datasets against its lineage policy. Exit code 0: pass; 1: error-level findings; 2: could not evaluate.")
        {
            workspace.Directory, workspace.Policy, format, output, asOf, workspace.Threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            IReadOnlyList<ReportTarget> targets = ReportTarget.FromTokens(parse, format, output);
            DateOnly today = AsOfDate.ParseOrToday(parse.GetValue(asOf), "--as-of");
            string[] outputs = targets.Select(t => t.Path).OfType<string>().Select(Path.GetFullPath).ToArray();
            GateReport report = workspace.Run(parse, today, options => GateRun.Check(options, cancellationToken), outputs);

            // Render everything first: a report is written whole or not at all.
            var rendered = targets.Select(t => (Target: t, Text: Render(report, t.Format))).ToList();
            foreach (var (target, text) in rendered.Where(r => r.Target.Path is not null))
            {
                AtomicFile.WriteAllText(target.Path!, text);
            }

            TextWriter stdout = parse.InvocationConfiguration.Output;
            var toConsole = rendered.FirstOrDefault(r => r.Target.Path is null);
            string console = toConsole.Text ?? TextReportWriter.WriteToString(report);
            stdout.Write(toConsole.Target?.Format == "github" ? console : WorkflowLog.Inert(console));
            return Task.FromResult(report.Verdict == Verdict.Pass ? ExitCodes.Pass : ExitCodes.Fail);
        });
        return command;
    }

    private static string Render(GateReport report, string format) => format switch
    {
        "json" => JsonReportWriter.WriteToString(report),
        "sarif" => SarifWriter.WriteToString(report),
        "markdown" => MarkdownReportWriter.Write(report, MarkdownReportWriter.SummaryLimit),
        "github" => GitHubCommandsWriter.Write(report),
        _ => TextReportWriter.WriteToString(report),
    };
}
