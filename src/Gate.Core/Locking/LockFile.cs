namespace Gate.Core.Locking;

// The lock's schema: the file and the records it is made of, together so the shape reads in one place.

/// <summary>
/// <c>gate.lock.json</c> (schema <c>gate-lock/1</c>): per dataset its content digests and counts, a
/// fingerprint summary, the digests of its manifest, evidence and reference, and its resolved
/// lineage. No timestamps: locking unchanged input twice gives the same bytes.
/// </summary>
public sealed record LockFile(IReadOnlyList<LockedDataset> Datasets)
{
    /// <summary>
    /// The models <c>gate lock</c> resolved on the Hugging Face Hub (<c>hub:</c> in gate.yaml), by id:
    /// what the Hub said of each at the revision read. Written only when there are some, so a lock
    /// without the Hub keeps its shape.
    /// </summary>
    public IReadOnlyList<LockedHubModel> Models { get; init; } = [];

    public const string Schema = "gate-lock/1";
    public const string FileName = "gate.lock.json";

    /// <summary>The datasets by path (unique in a lock the reader accepted), for lookups in bulk.</summary>
    public Dictionary<string, LockedDataset> ByPath() => Datasets.ToDictionary(d => d.Path, StringComparer.Ordinal);
}

/// <summary>A file named by a lock entry (a manifest, evidence, a reference), with its SHA-256.</summary>
public sealed record LockedFile(string Path, string Sha256);

/// <summary>One dataset in the lock.</summary>
public sealed record LockedDataset(
    string Path,
    bool IsFolder,
    string Sha256,
    long Bytes,
    long? Records,
    IReadOnlyList<LockedFileDigest> Files,
    LockedFingerprint? Fingerprint,
    LockedFile? Manifest,
    IReadOnlyList<LockedFile> Evidence,
    LockedFile? Reference,
    LockedLineage Lineage)
{
    /// <summary>The line of gate.lock.json the entry starts on, when it was read from one (0 when built).</summary>
    public int Line { get; init; }
}

public sealed record LockedFileDigest(string Path, string Sha256, long Bytes, bool LfsPointer);

/// <summary>The fingerprint summary kept in the lock: enough to recognise the data and to estimate overlap. <see cref="MinHash"/> is the signature's canonical text (<see cref="Scanning.MinHashText"/>).</summary>
public sealed record LockedFingerprint(
    int Version,
    string Digest,
    string RecordSet,
    IReadOnlyList<string> Fields,
    IReadOnlyList<KeyValuePair<string, long>> TopNumeric,
    string MinHash)
{
    /// <summary>
    /// The SHA-256 of the dataset's distinct records as GATE007 compares them
    /// (<see cref="Scanning.OverlapRecords"/>), when GATE007 is on and the manifest declares no
    /// generator field; null otherwise, and in locks written before Gate recorded it. What lets a
    /// check take the dataset's records from a record store instead of scanning them.
    /// </summary>
    public string? OverlapRecords { get; init; }
}

/// <summary>The dataset's lineage as resolved at lock time: canonical teacher and student ids with their roots.</summary>
public sealed record LockedLineage(
    IReadOnlyList<LockedModel> Teachers,
    IReadOnlyList<LockedModel> Students,
    string? GeneratorField);

public sealed record LockedModel(string Id, IReadOnlyList<string> Roots);

/// <summary>What the Hub said of one model when <c>gate lock</c> asked.</summary>
/// <param name="Id">The id asked about.</param>
/// <param name="Status"><see cref="Found"/>, <see cref="NotFound"/> (the Hub answered 404) or <see cref="Renamed"/> (it redirected to <paramref name="RenamedTo"/>).</param>
/// <param name="Revision">The commit id of the model's repository the card was read at (found only).</param>
/// <param name="Bases">The card's <c>base_model</c> and <c>base_model:…</c> tags (found only; may be empty).</param>
/// <param name="Relation">The card's <c>base_model_relation</c>, or the tags' relation.</param>
/// <param name="RenamedTo">The id the Hub now serves the model under (renamed only).</param>
public sealed record LockedHubModel(string Id, string Status, string? Revision, IReadOnlyList<string> Bases, string? Relation, string? RenamedTo)
{
    public const string Found = "found";
    public const string NotFound = "not-found";
    public const string Renamed = "renamed";

    /// <summary>The line of gate.lock.json the entry starts on, when it was read from one (0 when resolved now).</summary>
    public int Line { get; init; }
}
