namespace Gate.Core.Sharding;

/// <summary>What a sharded run computes: a lock (the datasets' fingerprints) or a check (those, the record hashes and references its rules read).</summary>
public enum ShardPurpose
{
    Lock,
    Check,
}
