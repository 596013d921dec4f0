namespace Gate.Core.Reports;

/// <summary>What a change does to one dataset against the base: added, changed (and what), or removed; with its lineage after (or before, when removed).</summary>
public sealed record DatasetChange(string Path, DatasetChangeKind Kind, IReadOnlyList<string> What, IReadOnlyList<string> Teachers, IReadOnlyList<string> Students);
