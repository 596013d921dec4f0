namespace Gate.Core.Rules;

/// <summary>One dataset holding records of another: its index and how many of them.</summary>
internal sealed record OverlapSource(int Dataset, long Shared);
