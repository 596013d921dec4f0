using System.Globalization;
using Gate.Core.Locking;
using Gate.Core.Scanning;

namespace Gate.Core.Rules;

/// <summary>
/// What differs between a dataset's entry in gate.lock.json and the entry <c>gate lock</c> would
/// write now, field by field, as clauses for GATE006's message. Everything the run can recompute is
/// compared: the kind (a folder's digest and a file's are never compared across kinds), the
/// content digest and size, each file, the records and fingerprint summary (when both sides have
/// the content: a Git LFS pointer has none; the records' overlap digest when both record it), the
/// manifest, evidence and reference digests, and the resolved lineage. Only a fingerprint written by an older Gate is not compared field by field:
/// its content is bound by the digests, and no rule reads it; but one of a Parquet dataset from
/// before the Parquet reading changed says so, since its values describe rows read another way.
/// </summary>
internal static class LockEntryChanges
{
    public static IReadOnlyList<string> Between(LockedDataset locked, LockedDataset current)
    {
        var changes = new List<string>();
        if (locked.IsFolder != current.IsFolder)
        {
            changes.Add($"kind ({Kind(locked)} → {Kind(current)})");
        }

        if (current.Sha256 != locked.Sha256 || current.Bytes != locked.Bytes || !SameFiles(locked, current))
        {
            string records = current.Records is { } now && locked.Records is { } then && now != then ? $", {then} → {now} records" : string.Empty;
            changes.Add(string.Create(CultureInfo.InvariantCulture,
                $"content (sha256 {Short(locked.Sha256)} → {Short(current.Sha256)}, {locked.Bytes} → {current.Bytes} bytes{records})"));
        }
        else if (locked.Records is { } then && current.Records is { } now && now != then)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"records ({then} recorded, {now} in the content)"));
        }

        if (locked.Fingerprint is { } recorded && current.Fingerprint is { } computed
            && recorded.Version == computed.Version && !SameFingerprint(recorded, computed))
        {
            // Since the field cap keeps the 256 smallest names (not the first 256 to arrive), a lock written before lists others.
            changes.Add(recorded.Fields.Count == ContentFeatures.MaxFields && !recorded.Fields.SequenceEqual(computed.Fields, StringComparer.Ordinal)
                ? "fingerprint summary (the recorded values are not those of the content; a dataset of more than 256 fields now records its 256 smallest field names, so a lock written before may list others: review and re-lock)"
                : "fingerprint summary (the recorded values are not those of the content)");
        }
        else if (locked.Fingerprint is { OverlapRecords: { } then } lockedRecords && current.Fingerprint is { OverlapRecords: { } now } computedRecords
            && lockedRecords.Version == computedRecords.Version && then != now)
        {
            // The rest of the summary agrees: the records' digest also follows the generator fields every manifest declares.
            changes.Add("records digest (overlapRecords: the records as GATE007 compares them are not the recorded ones; they also change when a manifest adds, renames or removes a generator field)");
        }
        else if (locked.Fingerprint is null && current.Fingerprint is not null)
        {
            // A lock that records no fingerprint (as for a Git LFS pointer) would leave the content's summary unreviewed.
            changes.Add("fingerprint (the lock records none, as for content that was not fetched, and the content is here: re-lock with it)");
        }
        else if (locked.Fingerprint is { Version: < FingerprintVersion.ParquetReadingSince } stale && current.Fingerprint is not null && HoldsParquet(current))
        {
            // Its rows were read another way then: the recorded values describe other records.
            changes.Add(string.Create(CultureInfo.InvariantCulture,
                $"fingerprint (version {stale.Version}; re-lock: the Parquet reading changed in version {FingerprintVersion.ParquetReadingSince})"));
        }

        if (current.Manifest?.Path != locked.Manifest?.Path || current.Manifest?.Sha256 != locked.Manifest?.Sha256)
        {
            changes.Add($"manifest {current.Manifest?.Path ?? locked.Manifest?.Path}");
        }

        var evidenceNow = current.Evidence.ToDictionary(e => e.Path, e => e.Sha256, StringComparer.Ordinal);
        var evidenceThen = locked.Evidence.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count() == 1 ? g.First().Sha256 : null, StringComparer.Ordinal);
        foreach (string path in evidenceNow.Keys.Union(evidenceThen.Keys).Order(StringComparer.Ordinal))
        {
            evidenceNow.TryGetValue(path, out string? now);
            evidenceThen.TryGetValue(path, out string? then);
            if (now != then)
            {
                changes.Add($"evidence {path}");
            }
        }

        if (current.Reference?.Path != locked.Reference?.Path || current.Reference?.Sha256 != locked.Reference?.Sha256)
        {
            changes.Add($"reference {current.Reference?.Path ?? locked.Reference?.Path}");
        }

        if (Describe(locked.Lineage.Teachers) != Describe(current.Lineage.Teachers))
        {
            changes.Add($"teachers ({Describe(locked.Lineage.Teachers)} → {Describe(current.Lineage.Teachers)})");
        }

        if (Describe(locked.Lineage.Students) != Describe(current.Lineage.Students))
        {
            changes.Add($"students ({Describe(locked.Lineage.Students)} → {Describe(current.Lineage.Students)})");
        }

        if (locked.Lineage.GeneratorField != current.Lineage.GeneratorField)
        {
            changes.Add($"generator field ({locked.Lineage.GeneratorField ?? "none"} → {current.Lineage.GeneratorField ?? "none"})");
        }

        return changes;
    }

    private static bool HoldsParquet(LockedDataset dataset) =>
        IsParquet(dataset.Path) || dataset.Files.Any(f => IsParquet(f.Path));

    private static bool IsParquet(string path) => Datasets.DatasetFormats.Split(path).Format == ".parquet";

    /// <summary>The same files with the same digests and sizes; whether each was a Git LFS pointer does not matter (the oid is the content's SHA-256).</summary>
    private static bool SameFiles(LockedDataset a, LockedDataset b) =>
        a.Files.Count == b.Files.Count
        && a.Files.Zip(b.Files).All(p => p.First.Path == p.Second.Path && p.First.Sha256 == p.Second.Sha256 && p.First.Bytes == p.Second.Bytes);

    /// <summary>
    /// The summary's values, but the records' digest (compared on its own, and only when both sides
    /// have it: a lock written before Gate recorded it, or with GATE007 off, has none; only a digest
    /// present and the same lets a later check take the dataset's records from a store).
    /// </summary>
    private static bool SameFingerprint(LockedFingerprint a, LockedFingerprint b) =>
        a.Digest == b.Digest && a.RecordSet == b.RecordSet && a.MinHash == b.MinHash
        && a.Fields.SequenceEqual(b.Fields, StringComparer.Ordinal)
        && a.TopNumeric.SequenceEqual(b.TopNumeric);

    /// <summary>Models with their roots, as one comparable line: "a [r1, r2], b [r3]".</summary>
    private static string Describe(IReadOnlyList<LockedModel> models) =>
        models.Count == 0 ? "none" : string.Join(", ", models.Select(m => $"{m.Id} [{string.Join(", ", m.Roots)}]"));

    private static string Kind(LockedDataset d) => d.IsFolder ? "folder" : "file";

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
