using Gate.Core.Datasets;
using Gate.Core.Repository;

namespace Gate.Core.Scanning;

/// <summary>
/// The fingerprints of a workspace: every dataset (with its manifest's generator field), and every
/// reference a manifest names (for the divergence screen).
/// </summary>
internal sealed class WorkspaceScan
{
    private WorkspaceScan(RepositoryListing listing, IReadOnlyDictionary<string, DatasetFingerprint> datasets, IReadOnlyDictionary<string, DatasetFingerprint> references)
    {
        Listing = listing;
        Datasets = datasets;
        References = references;
    }

    /// <summary>The files below the root as listed once for the run (<see cref="GateWorkspace.Listing"/>): folder datasets and references are taken from it.</summary>
    public RepositoryListing Listing { get; }

    public IReadOnlyDictionary<string, DatasetFingerprint> Datasets { get; }

    /// <summary>Keyed by the reference's checked-folder-relative path; a missing reference file is absent.</summary>
    public IReadOnlyDictionary<string, DatasetFingerprint> References { get; }

    /// <summary>
    /// Scans with the files below the root as already listed (<see cref="GateWorkspace.Listing"/>),
    /// not walking the tree again. With <paramref name="keepRecordHashes"/>, the features of every
    /// dataset with a manifest keep each record's hash (<see cref="ContentFeatures.RecordHashes"/>),
    /// digested (<see cref="ContentFeatures.OverlapDigest"/>), and dropped after unless
    /// <paramref name="recordsForRules"/>. The datasets in <paramref name="vouched"/> are not scanned:
    /// their fingerprints are taken as given (<see cref="Repository.VouchedDatasets"/>).
    /// </summary>
    public static WorkspaceScan Run(
        RepositoryRoot root, RepositoryListing listing, DatasetInventory inventory, bool scanReferences, ScanOptions options,
        bool keepRecordHashes = false, bool recordsForRules = true, IReadOnlyDictionary<string, DatasetFingerprint>? vouched = null, CancellationToken cancellationToken = default)
    {
        if (options.Progress is IScanProgress progress)
        {
            progress.Expect(inventory.Datasets.Where(d => vouched?.ContainsKey(d.Path) != true).SelectMany(d => d.Files).Sum(f => SizeOf(root, f)));
        }

        var datasets = new SortedDictionary<string, DatasetFingerprint>(StringComparer.Ordinal);
        string[] generatorFields = GeneratorFields(inventory);
        foreach (Dataset dataset in inventory.Datasets)
        {
            if (vouched?.GetValueOrDefault(dataset.Path) is { } given)
            {
                datasets[dataset.Path] = given;
                continue;
            }

            ScanOptions forDataset = OptionsFor(dataset, options, generatorFields, keepRecordHashes);
            datasets[dataset.Path] = Settled(DatasetScanner.Scan(root, dataset, forDataset, cancellationToken), dataset, scanReferences, generatorFields, recordsForRules);
        }

        var references = new SortedDictionary<string, DatasetFingerprint>(StringComparer.Ordinal);
        if (scanReferences)
        {
            foreach (string reference in inventory.Datasets.Select(d => d.Manifest?.Reference).OfType<string>().Distinct())
            {
                bool isFolder = root.DirectoryExists(reference);
                if (isFolder || root.FileExists(reference))
                {
                    references[reference] = DatasetScanner.ScanReference(root, listing, reference, isFolder, options, cancellationToken);
                }
            }
        }

        return new WorkspaceScan(listing, datasets, references);
    }

    /// <summary>The generator fields every manifest declares, each once, in order: no dataset's overlap hash reads any of them.</summary>
    public static string[] GeneratorFields(DatasetInventory inventory) =>
        [.. inventory.Datasets.Select(d => d.Manifest?.GeneratorField?.Value).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>How one dataset's files are scanned: its manifest's generator field, the overlap hash's ignored keys, and whether record hashes are kept.</summary>
    public static ScanOptions OptionsFor(Dataset dataset, ScanOptions options, string[] generatorFields, bool keepRecordHashes) =>
        options with
        {
            GeneratorField = dataset.Manifest?.GeneratorField?.Value,
            Extractor = options.Extractor with
            {
                KeepRecordHashes = keepRecordHashes && dataset.Manifest is not null,
                OverlapIgnoredKeys = generatorFields,
            },
        };

    /// <summary>
    /// The fingerprint with its dense counts released unless the divergence screen reads them (a
    /// dataset with a reference, when references are scanned), and its record hashes sorted, kept
    /// once and digested under the run's <paramref name="generatorFields"/> (then dropped unless
    /// <paramref name="recordsForRules"/>): what a workspace keeps of a dataset.
    /// </summary>
    public static DatasetFingerprint Settled(DatasetFingerprint fingerprint, Dataset dataset, bool scanReferences, IReadOnlyList<string> generatorFields, bool recordsForRules)
    {
        fingerprint.Features?.SettleRecordHashes(generatorFields, recordsForRules);
        if (!(scanReferences && dataset.Manifest?.Reference is not null))
        {
            fingerprint.Features?.ReleaseSketches(Locking.LockBuilder.TopNumericInLock);
        }

        return fingerprint;
    }

    /// <summary>A workspace's fingerprints made elsewhere (the shards of a sharded lock or check).</summary>
    public static WorkspaceScan FromFingerprints(RepositoryListing listing, IEnumerable<DatasetFingerprint> datasets, IEnumerable<DatasetFingerprint> references) =>
        new(listing,
            new SortedDictionary<string, DatasetFingerprint>(datasets.ToDictionary(d => d.Path, StringComparer.Ordinal), StringComparer.Ordinal),
            new SortedDictionary<string, DatasetFingerprint>(references.ToDictionary(d => d.Path, StringComparer.Ordinal), StringComparer.Ordinal));

    /// <summary>A file's size for the progress total; 0 when it cannot be read now (the scan reports why).</summary>
    private static long SizeOf(RepositoryRoot root, string file)
    {
        try
        {
            return new FileInfo(root.ToFullPath(file)).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
