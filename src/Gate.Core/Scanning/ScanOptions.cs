namespace Gate.Core.Scanning;

/// <summary>How to scan: threads (the fingerprint never depends on it), the manifest's generator field, progress.</summary>
public sealed record ScanOptions
{
    public int MaxThreads { get; init; } = Environment.ProcessorCount;

    public string? GeneratorField { get; init; }

    /// <summary>Reports bytes read so far (from any thread).</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Files at least this large are cut at line breaks and scanned in parallel (JSON Lines and text).</summary>
    public long ParallelChunkBytes { get; init; } = 32L << 20;

    public int BlockBytes { get; init; } = 256 << 10;

    /// <summary>
    /// Time Parquet.Net may take for a file before it counts as corrupt, at the least: some corrupt
    /// footers make it loop. The budget grows with the file (one second per 32 MB on top).
    /// </summary>
    public TimeSpan ParquetTimeBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How features are extracted (tests and stage benchmarks only); the fingerprint never depends on it.</summary>
    internal FeatureExtractorOptions Extractor { get; init; } = FeatureExtractorOptions.Default;
}
