namespace Gate.Core.Reports;

/// <summary>A dataset as the report lists it: where it is, its manifest, its teachers and students, and (when scanned) its digest and counts.</summary>
public sealed record DatasetSummary(string Path, bool IsFolder, string? Manifest, IReadOnlyList<string> Teachers, IReadOnlyList<string> Students)
{
    public string? Sha256 { get; init; }

    public long? Bytes { get; init; }

    public long? Records { get; init; }
}
