namespace Gate.Core.Scanning;

/// <summary>One file of a dataset: its path (relative to the checked folder), SHA-256 and size; for a Git LFS pointer, the content's.</summary>
public sealed record FileDigest(string Path, string Sha256, long Bytes, bool IsLfsPointer);
