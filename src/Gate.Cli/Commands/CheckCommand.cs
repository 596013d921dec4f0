using System.CommandLine;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Reports;
using Gate.Core.Sharding;

namespace Gate.Cli.Commands;

/// <summary><c>gate check [DIR]</c>: evaluates everything and writes the requested reports.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var workspace = new WorkspaceOptions();
        var format = new Option<string[]>("--format", "-f")
        {
            Description = $"Report format: {string.Join(" | ", ReportFormats.Names)}. Repeat --format/--output pairs for several reports in one run.",
            AllowMultipleArgumentsPerToken = false,
        };
        format.AcceptOnlyFromAmong([.. ReportFormats.Names]);
        var output = new Option<string[]>("--output", "-o")
        {
            Description = "Write the preceding --format to this file (written whole or not at all). Default: standard output.",
            AllowMultipleArgumentsPerToken = false,
        };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Judge waiver expiry as of this date (YYYY-MM-DD) instead of today (UTC), e.g. to see what expires before a release.",
        };

        var noColor = new Option<bool>("--no-color")
        {
            Description = "No colour in the text report (colour is used only on a terminal, and never when NO_COLOR is set).",
        };

        var verify = new Option<bool>("--verify-lineage")
        {
            Description = "With 'hub:' in gate.yaml: before evaluating, confirm every Hub answer gate.lock.json records against the Hugging Face Hub at its recorded revision (uses the network; HF_ENDPOINT and HF_TOKEN apply). A mismatch is GATE112.",
        };

        var baseCommit = new Option<string?>("--base")
        {
            Description = "Also say what the change does against this commit (a branch, tag or SHA; needs git and the commit fetched): datasets added, changed and removed, with their teachers and students, from the lock committed there; and mark each finding new in the change or already on the base. A dataset git reports unchanged, whose lock entry is the base's, is taken from the lock instead of scanned (the base must be a commit this check passed, such as a protected branch; see --rescan). Every dataset is still checked.",
            HelpName = "REF",
        };
        var cache = new Option<string?>("--cache")
        {
            Description = "The record store: a folder outside the checked one (for example in a CI cache) where the check keeps the records GATE007 compares of each dataset it scans, named by their digest. With --base, a dataset whose records are there is not scanned again; a file that is not the one the lock vouches for is never used.",
            HelpName = "DIR",
        };
        var rescan = new Option<bool>("--rescan")
        {
            Description = "With --base: scan every dataset, taking none from the lock (for a base that is not a commit this check passed).",
        };
        var shards = new ShardOptions("check");
        var command = new Command("check", "Evaluate the repository's datasets against its lineage policy. Exit code 0: pass; 1: error-level findings; 2: could not evaluate.")
        {
            workspace.Directory, workspace.Policy, format, output, asOf, workspace.Threads, verify, noColor, baseCommit, cache, rescan, shards.Shard, shards.Merge,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string[] outputPaths = parse.GetValue(output) ?? [];
            if (shards.ShardOf(parse, outputPaths.Length, parse.GetResult(format) is not null || parse.GetValue(verify) || parse.GetValue(baseCommit) is not null || parse.GetValue(cache) is not null || parse.GetValue(rescan)) is { } shard)
            {
                return Task.FromResult(shards.RunShard(parse, workspace, ShardPurpose.Check, shard, outputPaths[0], cancellationToken));
            }

            string[] parts = parse.GetValue(shards.Merge) ?? [];
            IReadOnlyList<ReportTarget> targets = ReportTarget.FromTokens(parse, format, output);
            DateOnly today = AsOfDate.ParseOrToday(parse.GetValue(asOf), "--as-of");
            string[] outputs = targets.Select(t => t.Path).OfType<string>().Select(Path.GetFullPath).ToArray();
            bool verifyLineage = parse.GetValue(verify);
            GateReport report = workspace.Run(parse, today,
                options => GateRun.Check((verifyLineage ? options with { VerifyLineage = true, Hub = HubConnection.FromVariables(Environment.GetEnvironmentVariable) } : options) with
                {
                    Parts = parts,
                    Base = parse.GetValue(baseCommit),
                    RecordStore = parse.GetValue(cache) is { Length: > 0 } store ? Path.GetFullPath(store) : null,
                    Rescan = parse.GetValue(rescan),
                }, cancellationToken), outputs);

            // The standard-output report is rendered before any file is written, so a failure writes nothing.
            ReportFormat console = targets.FirstOrDefault(t => t.Path is null)?.Format ?? ReportFormat.Text;
            string text = ReportFiles.Render(report, console);
            ReportFiles.Write(report, targets.Where(t => t.Path is not null).Select(t => (t.Format, t.Path!)));

            TextWriter stdout = parse.InvocationConfiguration.Output;
            if (console == ReportFormat.Text && TerminalWrap.Width() is { } width)
            {
                text = TerminalWrap.Apply(text, width);
            }

            if (console == ReportFormat.Text && TerminalColour.IsWanted(parse.GetValue(noColor)))
            {
                text = TerminalColour.Apply(text);
            }

            stdout.Write(console == ReportFormat.GitHub ? text : WorkflowLog.Inert(text));
            return Task.FromResult(report.Verdict == Verdict.Pass ? ExitCodes.Pass : ExitCodes.Fail);
        });
        return command;
    }
}
