namespace Gate.Core.Locking;

/// <summary>One file of one dataset in a <see cref="LockPlan"/>, with the size its share is weighed by.</summary>
internal sealed record PlannedFile(string Dataset, string File, long Size);
