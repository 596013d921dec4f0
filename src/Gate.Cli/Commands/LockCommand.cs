using System.CommandLine;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Locking;
using Gate.Core.Reports;
using Gate.Core.Sharding;

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
        var shards = new ShardOptions("lock");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "With --shard: the file the part is written to (not a file the lock reads).", HelpName = "FILE" };
        var command = new Command("lock", "Fingerprint every dataset and write gate.lock.json (commit it with the data; a pull request that changes data must show the lock change). With 'hub:' in gate.yaml, first resolve on the Hugging Face Hub the models no registry entry or committed card declares, and record what the Hub said.")
        {
            workspace.Directory, workspace.Policy, workspace.Threads, refresh, shards.Shard, output, shards.Merge,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string[] parts = parse.GetValue(shards.Merge) ?? [];
            if (shards.ShardOf(parse, parse.GetValue(output) is null ? 0 : 1, parse.GetValue(refresh)) is { } shard)
            {
                return Task.FromResult(shards.RunShard(parse, workspace, ShardPurpose.Lock, shard, parse.GetValue(output)!.ToString(), cancellationToken));
            }

            if (parse.GetValue(output) is not null)
            {
                throw ShardOptions.Usage("--output names the file a shard's part is written to: give it with --shard K/N (gate lock itself writes gate.lock.json)");
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
}
