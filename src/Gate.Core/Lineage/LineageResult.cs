namespace Gate.Core.Lineage;

/// <summary>What <c>gate lineage</c> shows: the ancestry as a tree for people, and as a flat list of every ancestor.</summary>
public sealed record LineageResult(LineageNode Tree, Ancestry Ancestry);
