namespace Gate.Core.Reports;

/// <summary>A dataset as the report lists it: where it is, its manifest, its teachers and students.</summary>
public sealed record DatasetSummary(string Path, bool IsFolder, string? Manifest, IReadOnlyList<string> Teachers, IReadOnlyList<string> Students);
