using System.CommandLine;
using Gate.Core;
using Gate.Core.Reports;
using Gate.Core.Scanning;

namespace Gate.Cli.Commands;

/// <summary><c>gate fingerprint PATH… [--json]</c>: prints the fingerprints of files or folders of shards.</summary>
internal static class FingerprintCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Data files or folders of shards.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema gate-fingerprint/1) instead of text." };
        var threads = ThreadsOption.Create();
        var command = new Command("fingerprint", "Print the fingerprint of each dataset: SHA-256, bytes, records, record-set digest, fields, numeric tokens, MinHash.")
        {
            paths, json, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            IReadOnlyList<DatasetFingerprint> results;
            using (ScanProgress? progress = ScanProgress.ForConsole(parse.InvocationConfiguration.Error))
            {
                results = GateRun.Fingerprint(parse.GetValue(paths)!, ThreadsOption.ScanOptions(parse.GetValue(threads), progress), cancellationToken);
            }

            TextWriter stdout = parse.InvocationConfiguration.Output;
            stdout.Write(WorkflowLog.Inert(parse.GetValue(json) ? FingerprintWriter.ToJson(results) : FingerprintWriter.ToText(results)));
            return Task.FromResult(ExitCodes.Pass);
        });
        return command;
    }
}
