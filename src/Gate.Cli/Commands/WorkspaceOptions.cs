using System.CommandLine;
using Gate.Core;

namespace Gate.Cli.Commands;

/// <summary>
/// What <c>check</c> and <c>lock</c> share: the <c>DIR</c> argument, <c>--policy</c> and <c>--threads</c>,
/// and a run of the engine with those options and a progress display that is cleared before it returns.
/// </summary>
internal sealed class WorkspaceOptions
{
    public Argument<DirectoryInfo> Directory { get; } = DirectoryArgument.Create();

    public Option<FileInfo?> Policy { get; } = new("--policy") { Description = "The policy file (default: DIR/gate.yaml)." };

    public Option<int?> Threads { get; } = ThreadsOption.Create();

    /// <summary>Runs <paramref name="run"/> with the parsed options; the progress display is disposed (cleared) before this returns.</summary>
    public T Run<T>(ParseResult parse, DateOnly today, Func<GateCheckOptions, T> run, IReadOnlyList<string>? outputs = null)
    {
        using ScanProgress? progress = ScanProgress.ForConsole(parse.InvocationConfiguration.Error);
        var options = new GateCheckOptions(Folder(parse).FullName, today, parse.GetValue(Policy)?.FullName)
        {
            Scan = ThreadsOption.ScanOptions(parse.GetValue(Threads), progress),
            Outputs = outputs ?? [],
        };
        return run(options);
    }

    /// <summary>
    /// The folder to check: DIR when given; otherwise, without --policy, the nearest folder at or above
    /// the current one holding gate.yaml (said on standard error when it is not the current folder).
    /// </summary>
    private DirectoryInfo Folder(ParseResult parse)
    {
        DirectoryInfo given = parse.GetValue(Directory)!;
        bool implicitFolder = parse.GetResult(Directory) is not { Tokens.Count: > 0 };
        if (!implicitFolder || parse.GetValue(Policy) is not null || File.Exists(Path.Combine(given.FullName, Gate.Core.Policy.GatePolicy.DefaultFileName)))
        {
            return given;
        }

        if (NearestPolicy.Find(given) is { } found)
        {
            parse.InvocationConfiguration.Error.Write(WorkflowLog.Inert($"gate: using {Gate.Core.Diagnostics.VisibleText.Escape(Path.Combine(found.FullName, Gate.Core.Policy.GatePolicy.DefaultFileName))}\n"));
            return found;
        }

        return given;
    }
}
