using System.CommandLine;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;
using Gate.Core.Reports;

namespace Gate.Cli.Commands;

/// <summary><c>gate lock [DIR]</c>: fingerprints every dataset and writes gate.lock.json atomically.</summary>
internal static class LockCommand
{
    public static Command Create()
    {
        var workspace = new WorkspaceOptions();
        var command = new Command("lock", "Fingerprint every dataset and write gate.lock.json (commit it with the data; a pull request that changes data must show the lock change).")
        {
            workspace.Directory, workspace.Policy, workspace.Threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            // Locking judges no waivers, so it needs no date.
            LockFile written = workspace.Run(parse, default, options => GateRun.Lock(options, cancellationToken));

            var text = new System.Text.StringBuilder();
            foreach (LockedDataset dataset in written.Datasets)
            {
                string records = dataset.Records is { } r ? $"{r} records" : "content not present (Git LFS pointer)";
                text.Append($"locked {VisibleText.Escape(dataset.Path)}: sha256 {dataset.Sha256[..12]}…, {dataset.Bytes} bytes, {records}\n");
            }

            text.Append($"Wrote {LockFile.FileName} ({written.Datasets.Count} dataset(s)). Review it and commit it with the data.\n");
            parse.InvocationConfiguration.Output.Write(WorkflowLog.Inert(text.ToString()));
            return Task.FromResult(ExitCodes.Pass);
        });
        return command;
    }
}
