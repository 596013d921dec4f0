using System.CommandLine;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Locking;
using Gate.Core.Reports;

namespace Gate.Cli.Commands;

/// <summary><c>gate lock [DIR]</c>: fingerprints every dataset and writes gate.lock.json atomically.</summary>
internal static class LockCommand
{
    public static Command Create()
    {
        var workspace = new WorkspaceOptions();
        var refresh = new Option<bool>("--refresh-lineage")
        {
            Description = "With 'hub:' in gate.yaml: ask the Hugging Face Hub again for every model the lock holds (not only new ones) and say what changed upstream.",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Fingerprint only shard K of N (K/N, e.g. 2/7): a size-balanced share of every dataset's files, the same on every machine that checks out the same commit. Writes the part to --output instead of the lock.",
            HelpName = "K/N",
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "With --shard: the file the part is written to (outside the checked folder's inputs).", HelpName = "FILE" };
        var merge = new Option<string[]>("--merge")
        {
            Description = "Write gate.lock.json from the parts of every shard (gate lock --shard K/N for K = 1..N, same commit, same Gate): byte for byte the lock one machine writes. Give DIR before --merge.",
            HelpName = "PART",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("lock", "Fingerprint every dataset and write gate.lock.json (commit it with the data; a pull request that changes data must show the lock change). With 'hub:' in gate.yaml, first resolve on the Hugging Face Hub the models no registry entry or committed card declares, and record what the Hub said.")
        {
            workspace.Directory, workspace.Policy, workspace.Threads, refresh, shard, output, merge,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string[] parts = parse.GetValue(merge) ?? [];
            if (parse.GetValue(shard) is { } shardText)
            {
                return Task.FromResult(RunShard(parse, workspace, ShardOf(shardText, parse.GetValue(output), parts, parse.GetValue(refresh)), parse.GetValue(output)!, cancellationToken));
            }

            if (parse.GetValue(output) is not null)
            {
                throw Usage("--output names the file a shard's part is written to: give it with --shard K/N (gate lock itself writes gate.lock.json)");
            }

            HubConnection hub = HubConnection.FromVariables(Environment.GetEnvironmentVariable);
            bool refreshLineage = parse.GetValue(refresh);
            LockOutcome outcome = workspace.Run(parse, AsOfDate.TodayUtc(), options => parts.Length > 0
                ? GateRun.LockMerge(options with { Hub = hub, RefreshLineage = refreshLineage }, parts, cancellationToken)
                : GateRun.LockWithLineage(options with { Hub = hub, RefreshLineage = refreshLineage }, cancellationToken));
            LockFile written = outcome.Lock;

            var text = new System.Text.StringBuilder();
            foreach (LockedDataset dataset in written.Datasets)
            {
                string records = dataset.Records is { } r ? $"{r} records" : "content not present (Git LFS pointer)";
                text.Append($"locked {VisibleText.Escape(dataset.Path)}: sha256 {dataset.Sha256[..12]}…, {dataset.Bytes} bytes, {records}\n");
            }

            foreach (string change in outcome.LineageChanges)
            {
                text.Append($"lineage {VisibleText.Escape(change)}\n");
            }

            if (refreshLineage && outcome.LineageChanges.Count == 0)
            {
                text.Append($"lineage unchanged upstream ({written.Models.Count} model(s) read again on the Hub)\n");
            }

            string models = written.Models.Count > 0 ? $", lineage of {written.Models.Count} model(s) from the Hugging Face Hub" : string.Empty;
            text.Append($"Wrote {LockFile.FileName} ({written.Datasets.Count} dataset(s){models}). Review it and commit it with the data.\n");
            foreach (var finding in outcome.Failing)
            {
                text.Append(VisibleText.Escape($"warning: {finding.Dataset} is locked but fails {finding.Rule.Code} {finding.Rule.Name}: {finding.Message}")).Append('\n');
            }

            if (outcome.Failing.Count > 0)
            {
                text.Append($"Locking records a dataset; it does not make it pass: 'gate check' fails on {outcome.Failing.Select(f => f.Dataset).Distinct().Count()} dataset(s).\n");
            }
            parse.InvocationConfiguration.Output.Write(WorkflowLog.Inert(text.ToString()));
            return Task.FromResult(ExitCodes.Pass);
        });
        return command;
    }

    private static LockShard ShardOf(string text, FileInfo? output, string[] parts, bool refresh)
    {
        LockShard shard = LockShard.Parse(text, out string? problem) ?? throw Usage(problem!);
        if (output is null)
        {
            throw Usage($"--shard {text} writes a part, not the lock: add --output FILE (for example --output part-{shard.Index}.json)");
        }

        if (parts.Length > 0)
        {
            throw Usage("--shard writes one part and --merge puts all parts together: run them as separate commands (the shards first, then one merge)");
        }

        return refresh
            ? throw Usage("--refresh-lineage asks the Hub, which only the merge does: give it to 'gate lock --merge', not to a shard")
            : shard;
    }

    private static int RunShard(ParseResult parse, WorkspaceOptions workspace, LockShard shard, FileInfo output, CancellationToken cancellationToken)
    {
        var (files, bytes, allFiles) = workspace.Run(parse, AsOfDate.TodayUtc(), options => GateRun.LockOneShard(options, shard, output.FullName, cancellationToken), [output.FullName]);
        parse.InvocationConfiguration.Output.Write(WorkflowLog.Inert(
            $"Shard {shard}: fingerprinted {files} of {allFiles} file(s), {bytes} bytes; wrote the part {VisibleText.Escape(output.ToString())}.\n"
            + $"When every shard has run, write the lock with: gate lock DIR --merge PART-1 … PART-{shard.Count}\n"));
        return ExitCodes.Pass;
    }

    private static GateInputException Usage(string message) => new(new InputError(InputErrorKind.InvalidArgument, message, null));
}
