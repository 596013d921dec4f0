using System.Reflection;
using Gate.Core.Scanning;

namespace Gate.Core.Locking;

/// <summary>
/// What one shard of a sharded lock computed (<c>gate lock --shard K/N --output FILE</c>): the
/// fingerprint of every file of its share, for the plan and the Gate that wrote it. Parts are
/// merged by <c>gate lock --merge</c> into the lock one machine would write.
/// </summary>
internal sealed record LockPart(string GateVersion, int FingerprintVersion, string Plan, LockShard Shard, IReadOnlyList<PartFile> Files)
{
    public const string Schema = "gate-lock-part/1";

    /// <summary>This Gate's version with its commit: parts of another build may fingerprint differently, so they are refused.</summary>
    public static string CurrentGateVersion { get; } =
        typeof(LockPart).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}

/// <summary>One file of a part: the dataset it belongs to, and its scan.</summary>
internal sealed record PartFile(string Dataset, FileScan Scan);
