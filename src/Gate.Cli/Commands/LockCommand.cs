using System.CommandLine;
using Gate.Core;
using Gate.Core.Locking;

namespace Gate.Cli.Commands;

/// <summary><c>gate lock [DIR]</c>: fingerprints every dataset and writes gate.lock.json atomically.</summary>
internal static class LockCommand
{
    public static Command Create()
    {
        var directory = DirectoryArgument.Create();
        var policy = new Option<FileInfo?>("--policy") { Description = "The policy file (default: DIR/gate.yaml)." };
        var threads = ThreadsOption.Create();
        var command = new Command("lock", "Fingerprint every dataset and write gate.lock.json (commit it with the data; a pull request that changes data must show the lock change).")
        {
            directory, policy, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            LockFile written;
            using (ScanProgress? progress = ScanProgress.ForConsole(parse.InvocationConfiguration.Error))
            {
                // Locking judges no waivers, so it needs no date.
                var options = new GateCheckOptions(parse.GetValue(directory)!.FullName, default, parse.GetValue(policy)?.FullName)
                {
                    Scan = ThreadsOption.ScanOptions(parse.GetValue(threads), progress),
                };
                written = GateRun.Lock(options, cancellationToken);
            }

            TextWriter stdout = parse.InvocationConfiguration.Output;
            foreach (LockedDataset dataset in written.Datasets)
            {
                string records = dataset.Records is { } r ? $"{r} records" : "content not present (Git LFS pointer)";
                stdout.WriteLine($"locked {dataset.Path}: sha256 {dataset.Sha256[..12]}…, {dataset.Bytes} bytes, {records}");
            }

            stdout.WriteLine($"Wrote {LockFile.FileName} ({written.Datasets.Count} dataset(s)). Review it and commit it with the data.");
            return Task.FromResult(ExitCodes.Pass);
        });
        return command;
    }
}
