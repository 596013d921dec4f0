using System.CommandLine;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;

namespace Gate.Cli.Commands;

/// <summary><c>--threads N</c>: how many threads a scan may use (the fingerprint is the same for any N).</summary>
internal static class ThreadsOption
{
    public static Option<int?> Create() => new("--threads")
    {
        Description = "Threads for scanning (default: all processors). Fingerprints do not depend on it.",
    };

    public static ScanOptions ScanOptions(int? threads, IProgress<long>? progress)
    {
        if (threads is < 1)
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidArgument, "--threads must be at least 1", null));
        }

        var options = new ScanOptions { Progress = progress };
        return threads is { } n ? options with { MaxThreads = n } : options;
    }
}
