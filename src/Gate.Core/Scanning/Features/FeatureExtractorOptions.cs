namespace Gate.Core.Scanning;

/// <summary>
/// How a <see cref="FeatureExtractor"/> works: whether it keeps each record's hash for GATE007's
/// overlap test; and, for the tests that compare its paths and the stage benchmarks that time them,
/// the scalar token walk instead of the vector path, or a stage left out. The fingerprint never
/// depends on these.
/// </summary>
internal sealed record FeatureExtractorOptions
{
    public static FeatureExtractorOptions Default { get; } = new();

    /// <summary>Count tokens with the scalar walk even where the vector path is supported (the reference it is tested against).</summary>
    public bool ScalarTokens { get; init; }

    /// <summary>Leave tokens out (the stage benchmarks time the record path alone).</summary>
    public bool SkipTokens { get; init; }

    /// <summary>
    /// Keep every record's overlap hash (<see cref="ContentFeatures.RecordHashes"/>): eight bytes a
    /// record, for the run only. The overlap hash is the record as a loader of any format types it
    /// (<see cref="JsonCanonicalHash"/>), without the members named in <see cref="OverlapIgnoredKeys"/>.
    /// </summary>
    public bool KeepRecordHashes { get; init; }

    /// <summary>
    /// Top-level keys (CSV/TSV columns) the overlap hash leaves out: every generator field a manifest
    /// of the run declares, so that relabelling, adding or dropping the label does not make a copied
    /// record new to GATE007.
    /// </summary>
    public IReadOnlyList<string> OverlapIgnoredKeys { get; init; } = [];

    /// <summary>
    /// The size of the buffer a record's canonical bytes go through to be hashed: members longer
    /// than it are hashed as a stream. The hash never depends on it; tests make it tiny to prove that.
    /// </summary>
    public int CanonicalBufferBytes { get; init; } = 64 << 10;

    /// <summary>Leave record hashing out (the stage benchmarks time the token path alone).</summary>
    public bool SkipRecords { get; init; }
}
