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
    /// Time the Parquet reader may go without progress (a batch of values decoded, rows written)
    /// before the file counts as corrupt: a read that stops moving is an error, never a hang, while
    /// a large file may take as long as it needs.
    /// </summary>
    public TimeSpan ParquetTimeBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How features are extracted (tests and stage benchmarks only); the fingerprint never depends on it.</summary>
    internal FeatureExtractorOptions Extractor { get; init; } = FeatureExtractorOptions.Default;
}
