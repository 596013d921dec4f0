using Gate.Core.Datasets;
using Gate.Core.Lineage;
using Gate.Core.Manifests;
using Gate.Core.Repository;
using Gate.Core.Scanning;

namespace Gate.Core.Locking;

/// <summary>Builds the lock entries of the current workspace: what <c>gate lock</c> writes and what GATE006 compares.</summary>
internal static class LockBuilder
{
    public const int TopNumericInLock = 10;

    /// <summary>Builds the lock; folder references' files come from the scan's listing.</summary>
    public static LockFile Build(GateWorkspace workspace, WorkspaceScan scan) =>
        new(workspace.Inventory.Datasets.Select(EntryOf(workspace, scan)).ToArray());

    /// <summary>Builds one dataset's entry at a time, as the lock would hold it (what GATE006 compares).</summary>
    public static Func<Dataset, LockedDataset> EntryOf(GateWorkspace workspace, WorkspaceScan scan)
    {
        string[] policyStudents = DatasetStudents.PolicyStudentNames(workspace.Policy);
        return d => Entry(workspace.Root, scan, d, workspace.Resolver, workspace.StudentResolver, policyStudents);
    }

    /// <summary>
    /// An entry holding only what needs no scan: the kind, the manifest's digest and the resolved
    /// lineage (content fields empty). What <c>--base</c> compares when every content rule is off.
    /// </summary>
    public static Func<Dataset, LockedDataset> LineageEntryOf(GateWorkspace workspace)
    {
        string[] policyStudents = DatasetStudents.PolicyStudentNames(workspace.Policy);
        return d => new LockedDataset(d.Path, d.IsFolder, string.Empty, 0, null, [], null,
            d.Manifest is null ? null : Locked(d.Manifest.File, FileDigests.Sha256(workspace.Root, d.Manifest.File)), [], null,
            new LockedLineage(
                d.Manifest?.Teachers.Select(t => Model(workspace.Resolver, t.Value)).ToArray() ?? [],
                DatasetStudents.NamesOf(d, policyStudents).Select(s => Model(workspace.StudentResolver, s)).ToArray(),
                d.Manifest?.GeneratorField?.Value));
    }

    /// <summary>One entry, from the dataset's fingerprint in <paramref name="scan"/>; a folder reference's files are taken from the scan's listing, a scanned reference file's digest from its scan.</summary>
    private static LockedDataset Entry(RepositoryRoot root, WorkspaceScan scan, Dataset dataset, LineageResolver resolver, LineageResolver studentResolver, IReadOnlyList<string> policyStudents)
    {
        DatasetFingerprint fingerprint = scan.Datasets[dataset.Path];
        LineageManifest? manifest = dataset.Manifest;
        ContentFeatures? features = fingerprint.Features;
        LockedFingerprint? summary = features is null ? null : new LockedFingerprint(
            fingerprint.Version,
            features.Digest(),
            features.RecordSetDigest,
            [.. features.Fields],
            features.TopNumeric(TopNumericInLock).Select(t => new KeyValuePair<string, long>(t.Token, t.Count)).ToArray(),
            features.MinHashCanonical)
        {
            OverlapRecords = features.OverlapDigest,
        };
        IReadOnlyList<string> students = DatasetStudents.NamesOf(dataset, policyStudents);
        return new LockedDataset(
            dataset.Path,
            dataset.IsFolder,
            fingerprint.Sha256,
            fingerprint.Bytes,
            fingerprint.Records,
            fingerprint.Files.Select(f => new LockedFileDigest(f.Path, f.Sha256, f.Bytes, f.IsLfsPointer)).ToArray(),
            summary,
            manifest is null ? null : Locked(manifest.File, FileDigests.Sha256(root, manifest.File)),
            manifest is null ? [] : FileDigests.EvidenceOf(manifest).Select(e => Locked(e, FileDigests.Sha256(root, e))).OfType<LockedFile>().ToArray(),
            manifest?.Reference is { } reference ? Locked(reference, ReferenceDigest(root, scan, reference)) : null,
            new LockedLineage(
                manifest?.Teachers.Select(t => Model(resolver, t.Value)).ToArray() ?? [],
                students.Select(s => Model(studentResolver, s)).ToArray(),
                manifest?.GeneratorField?.Value));
    }

    /// <summary>A file and its digest; null when it does not exist (evidence that is missing is not locked, and GATE009 says so).</summary>
    private static LockedFile? Locked(string path, string? sha256) => sha256 is null ? null : new LockedFile(path, sha256);

    private static string? ReferenceDigest(RepositoryRoot root, WorkspaceScan scan, string reference)
    {
        if (scan.References.TryGetValue(reference, out DatasetFingerprint? scanned) && scanned.Files is [{ IsLfsPointer: false } file] && file.Path == reference)
        {
            return file.Sha256; // a reference file the divergence screen scanned: its bytes are hashed once per run
        }

        if (root.DirectoryExists(reference))
        {
            // a folder reference: the digest of its sha256sum-style listing, like a folder dataset
            var files = scan.Listing.FilesUnder(reference)
                .Select(f => new FileDigest(f, FileDigests.Sha256(root, f)!, 0, false)).ToArray();
            return DatasetFingerprint.ContentDigest(reference, files);
        }

        return FileDigests.Sha256(root, reference);
    }

    private static LockedModel Model(LineageResolver resolver, string id)
    {
        Ancestry ancestry = resolver.GetAncestry(id);
        string[] roots = ancestry.Distances.Keys
            .Where(m => resolver.Registry.Find(m)?.IsRoot == true)
            .Order(StringComparer.Ordinal).ToArray();
        return new LockedModel(resolver.Registry.Canonical(id), roots);
    }
}
