namespace Gate.Core.Sharding;

/// <summary>
/// One file in a <see cref="ShardPlan"/>: the dataset (or, for a check, the reference) it belongs
/// to, and the size its share is weighed by.
/// </summary>
internal sealed record PlannedFile(string Owner, bool IsReference, string File, long Size);
