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
        var options = new GateCheckOptions(parse.GetValue(Directory)!.FullName, today, parse.GetValue(Policy)?.FullName)
        {
            Scan = ThreadsOption.ScanOptions(parse.GetValue(Threads), progress),
            Outputs = outputs ?? [],
        };
        return run(options);
    }
}
