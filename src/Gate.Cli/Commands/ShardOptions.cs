using System.CommandLine;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Sharding;

namespace Gate.Cli.Commands;

/// <summary>
/// What <c>lock</c> and <c>check</c> share to spread a big repository over machines:
/// <c>--shard K/N</c> (scan a size-balanced share, write it as a part to <c>--output</c>) and
/// <c>--merge PART…</c> (put every shard's part together instead of scanning).
/// </summary>
internal sealed class ShardOptions(string command)
{
    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = $"Scan only shard K of N (K/N, e.g. 2/7): a size-balanced share of the files 'gate {command}' reads, the same on every machine that checks out the same commit. Writes that share as a part to --output; nothing is evaluated or locked.",
        HelpName = "K/N",
    };

    public Option<string[]> Merge { get; } = new("--merge")
    {
        Description = $"Put together the parts of every shard (gate {command} --shard K/N for K = 1..N, same commit, same Gate) instead of scanning: the same {(command == "lock" ? "lock, byte for byte," : "report")} as one run. Give DIR before --merge.",
        HelpName = "PART",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The shard asked for, checked against the other options; null when --shard is not given.</summary>
    public Shard? ShardOf(ParseResult parse, int outputs, bool otherOutputOptions)
    {
        if (parse.GetValue(Shard) is not { } text)
        {
            return null;
        }

        Shard shard = Gate.Core.Sharding.Shard.Parse(text, out string? problem) ?? throw Usage(problem!);
        if (outputs != 1)
        {
            throw Usage($"--shard {text} writes one part: add --output FILE (for example --output part-{shard.Index}.json)");
        }

        if (otherOutputOptions)
        {
            throw Usage($"--shard writes a part, not a report or the Hub's answers: leave out --format, --base, --refresh-lineage and --verify-lineage (give them to 'gate {command} --merge')");
        }

        return parse.GetValue(Merge) is { Length: > 0 }
            ? throw Usage("--shard writes one part and --merge puts all parts together: run them as separate commands (the shards first, then one merge)")
            : shard;
    }

    /// <summary>Runs one shard and says what it wrote and what comes next.</summary>
    public int RunShard(ParseResult parse, WorkspaceOptions workspace, ShardPurpose purpose, Shard shard, string output, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(output);
        var (files, bytes, allFiles) = workspace.Run(parse, AsOfDate.TodayUtc(), options => GateRun.ScanShard(options, purpose, shard, full, cancellationToken));
        parse.InvocationConfiguration.Output.Write(WorkflowLog.Inert(
            $"Shard {shard}: scanned {files} of {allFiles} file(s), {bytes} bytes; wrote the part {VisibleText.Escape(output)}.\n"
            + $"When every shard has run: gate {command} DIR --merge PART-1 … PART-{shard.Count}\n"));
        return ExitCodes.Pass;
    }

    public static GateInputException Usage(string message) => new(new InputError(InputErrorKind.InvalidArgument, message, null));
}
