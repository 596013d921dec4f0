using System.Reflection;
using Gate.Core.Scanning;

namespace Gate.Core.Sharding;

/// <summary>
/// What one shard computed (<c>gate lock|check --shard K/N --output FILE</c>): the scan of every
/// file of its share, for the purpose, plan and Gate that wrote it. Parts are merged by
/// <c>--merge</c> into what one machine would have scanned.
/// </summary>
internal sealed record ShardPart(string GateVersion, int FingerprintVersion, ShardPurpose Purpose, string Plan, Shard Shard, IReadOnlyList<PartFile> Files)
{
    public const string Schema = "gate-shard-part/1";

    /// <summary>This Gate's version with its commit: parts of another build may fingerprint differently, so they are refused.</summary>
    public static string CurrentGateVersion { get; } =
        typeof(ShardPart).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}

/// <summary>One file of a part: the dataset or reference it belongs to, its digest, and its features (none for a Git LFS pointer).</summary>
internal sealed record PartFile(string Owner, bool IsReference, FileDigest Digest, PartFeatures? Features);
