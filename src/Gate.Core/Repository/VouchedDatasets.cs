using Gate.Core.Datasets;
using Gate.Core.Locking;
using Gate.Core.Policy;
using Gate.Core.Rules;
using Gate.Core.Scanning;

namespace Gate.Core.Repository;

/// <summary>
/// The datasets whose fingerprints a check may take from the lock instead of scanning them
/// (<c>gate check --base REF</c>): those whose bytes the base commit vouches for. The base is a
/// commit the check already passed (the branch a pull request merges into), so its lock entries
/// were compared with its data by GATE006 as an error; a pull request's author controls both the
/// data and the lock, so nothing they changed is taken from the lock. A dataset is taken only when
/// all of these hold, and scanned when any does not or cannot be told:
/// <list type="bullet">
/// <item>git's checkout rules did not change (<c>.gitattributes</c>, <c>.gitmodules</c>,
/// <c>.lfsconfig</c>), the index marks no file assume-unchanged or skip-worktree and holds no
/// submodule, and the policy is a file in the clone, unchanged, with GATE006 an error that no
/// accepted mitigation kind clears (so the base's check compared every entry) — the policy's bytes
/// are the base's, so its rules, waivers and mitigations are;</item>
/// <item>the dataset's entry in the lock is byte for byte the base's, of the current fingerprint
/// version, with no Git LFS pointer, no generator field, no reference the divergence screen reads,
/// and no waiver of GATE006 that covers it;</item>
/// <item>the files the checkout lists for it are exactly the entry's, each tracked by git, none
/// changed against the base by git's account (content through git's index, which a fresh checkout
/// writes), none read through a link, each of the size the entry records;</item>
/// <item>when GATE007 compares records, a record store holds the dataset's records, and their
/// SHA-256 is the digest the entry records (<see cref="OverlapRecords"/>).</item>
/// </list>
/// Everything else a check computes from a dataset (its manifest, evidence and reference digests,
/// its lineage) is still computed from the checkout, so GATE006 still compares those.
/// </summary>
internal static class VouchedDatasets
{
    /// <summary>
    /// The fingerprints the base vouches for, by dataset path, and why none could be taken (null
    /// when the check could take some or there was none to take).
    /// </summary>
    /// <param name="workspace">The checkout.</param>
    /// <param name="headLock">The lock of the checkout.</param>
    /// <param name="policyFullPath">The policy the check reads.</param>
    /// <param name="git">The base.</param>
    /// <param name="baseLock">The lock committed at the base.</param>
    /// <param name="recordStore">The record store's folder, or null when there is none.</param>
    /// <param name="recordsForRules">Whether GATE007 compares records (a dataset with a manifest is then taken only with its records).</param>
    public static (IReadOnlyDictionary<string, DatasetFingerprint> Fingerprints, string? WhyNone) Find(
        GateWorkspace workspace, LockFile? headLock, string policyFullPath, GitBase git, LockFile? baseLock, string? recordStore, bool recordsForRules)
    {
        Dictionary<string, DatasetFingerprint> none = [];
        if (headLock is null || baseLock is null)
        {
            return (none, "the base or the checkout has no lock");
        }

        if (recordsForRules && recordStore is null)
        {
            return (none, "GATE007 compares every dataset's records, and no record store (--cache) was given to take them from");
        }

        if (RuleEvaluator.SeverityOf(workspace.Policy, DatasetChangedRule.Definition) != Severity.Error)
        {
            return (none, "GATE006 is not an error, so the base's check did not hold its lock to its data");
        }

        if (workspace.Policy.Mitigations.Any(m => m.Clears.Any(c => string.Equals(c.Value, DatasetChangedRule.Definition.Name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.Value, DatasetChangedRule.Definition.Code, StringComparison.OrdinalIgnoreCase))))
        {
            // A mitigation may have cleared GATE006 on the base, whose lock entries then went unchecked.
            return (none, "a mitigation kind the policy accepts clears GATE006, so the base's check may not have held its lock to its data");
        }

        if (git.ChangesCheckoutRules())
        {
            return (none, "the change edits git's checkout rules (.gitattributes, .gitmodules or .lfsconfig)");
        }

        (IReadOnlySet<string> tracked, string? doubt) = git.Index();
        if (doubt is not null)
        {
            return (none, doubt);
        }

        IReadOnlySet<string> changed = git.ChangedPaths();
        if (git.PathInClone(policyFullPath) is not { } policyInClone || PathLinks.OnTheWay(git.Clone, policyInClone)
            || git.ReadFile(policyInClone) is not { } basePolicy || !File.ReadAllBytes(policyFullPath).AsSpan().SequenceEqual(basePolicy))
        {
            return (none, "the policy is not the base's (changed, outside the clone, or read through a link)");
        }

        Dictionary<string, LockedDataset> atBase = baseLock.ByPath();
        Dictionary<string, LockedDataset> atHead = headLock.ByPath();
        string[] generatorFields = WorkspaceScan.GeneratorFields(workspace.Inventory);
        bool divergence = RuleEvaluator.SeverityOf(workspace.Policy, DivergenceRule.Definition) != Severity.Off;
        Waiver[] changeWaivers = [.. workspace.Policy.Waivers.Where(w => w.Waives == DatasetChangedRule.Definition)];
        var links = new Dictionary<string, bool>(StringComparer.Ordinal);
        var fingerprints = new Dictionary<string, DatasetFingerprint>(StringComparer.Ordinal);
        string? firstWhy = null;
        foreach (Dataset dataset in workspace.Inventory.Datasets)
        {
            string? why = Take(dataset, out DatasetFingerprint? fingerprint);
            if (fingerprint is not null)
            {
                fingerprints[dataset.Path] = fingerprint;
            }
            else
            {
                firstWhy ??= $"'{PathText.Cut(dataset.Path)}' {why}";
            }
        }

        return (fingerprints, fingerprints.Count == 0 ? firstWhy : null);

        // Why the dataset's fingerprint cannot be taken from the lock, or null with it taken.
        string? Take(Dataset dataset, out DatasetFingerprint? fingerprint)
        {
            fingerprint = null;
            if (!atHead.TryGetValue(dataset.Path, out LockedDataset? entry) || !atBase.TryGetValue(dataset.Path, out LockedDataset? then))
            {
                return "is not in both locks";
            }

            if (entry.Fingerprint is not { } locked || locked.Version != FingerprintVersion.Current || entry.Records is not { } records || entry.Files.Any(f => f.LfsPointer))
            {
                return "has no fingerprint of this Gate's version in the lock (or a Git LFS pointer)";
            }

            if (entry.Lineage.GeneratorField is not null || dataset.Manifest?.GeneratorField is not null)
            {
                return "has a generator field, whose values GATE007 reads from each record";
            }

            if (divergence && dataset.Manifest?.Reference is not null)
            {
                return "has a reference, so the divergence screen reads its content";
            }

            if (changeWaivers.Any(w => w.Dataset.Value.IsMatch(dataset.Path)))
            {
                return "is covered by a waiver of GATE006";
            }

            if (entry.IsFolder != dataset.IsFolder || !entry.Files.Select(f => f.Path).SequenceEqual(dataset.Files, StringComparer.Ordinal)
                || !entry.Files.All(f => tracked.Contains(f.Path) && !changed.Contains(f.Path) && !PathLinks.OnTheWay(workspace.Root.FullPath, f.Path, links) && SizeIs(workspace.Root, f))
                || LockFileWriter.WriteToString(entry) != LockFileWriter.WriteToString(then))
            {
                return "changed against the base (its files by git's account, or its lock entry)";
            }

            List<ulong>? hashes = null;
            if (recordsForRules && dataset.Manifest is not null)
            {
                if (recordStore is null || locked.OverlapRecords is not { } digest)
                {
                    return "has no digest of its records in the lock (re-lock with this Gate)";
                }

                hashes = OverlapRecords.Read(RecordStore.PathOf(recordStore, digest), digest, generatorFields, records, out string? unread);
                if (hashes is null)
                {
                    return $"has records the store cannot give: {unread}";
                }
            }

            var taken = new DatasetFingerprint(dataset.Path, [.. entry.Files.Select(f => new FileDigest(f.Path, f.Sha256, f.Bytes, IsLfsPointer: false))],
                ContentFeatures.Vouched(records, locked, hashes));
            if (taken.Sha256 != entry.Sha256 || taken.Bytes != entry.Bytes)
            {
                return "has a lock entry whose digest is not that of its files";
            }

            fingerprint = taken;
            return null;
        }
    }

    private static bool SizeIs(RepositoryRoot root, LockedFileDigest file)
    {
        try
        {
            return new FileInfo(root.ToFullPath(file.Path)).Length == file.Bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
