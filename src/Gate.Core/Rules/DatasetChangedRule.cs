using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;
using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE006: a dataset's content, manifest, evidence or reference differs from gate.lock.json, or it is not locked.</summary>
internal sealed class DatasetChangedRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE006",
        Name: "dataset-changed",
        DefaultSeverity: Severity.Error,
        Summary: "A dataset's content, manifest, evidence, reference or resolved lineage differs from gate.lock.json, the dataset is not locked, or the lock holds a dataset that is not there.",
        Explanation:
            "gate.lock.json records, per dataset, the SHA-256 of its files (equal to sha256sum and to the Git LFS oid), its record "
            + "count and fingerprint, the digests of its lineage manifest, mitigation evidence and reference, and its resolved lineage. "
            + "Like a package lock, it makes a change to training data visible in review: a pull request that changes data must also "
            + "change the lock, so a reviewer sees which dataset changed and who declared what about it. Every field of an entry that "
            + "Gate can recompute from the folder is recomputed and compared (the kind, file or folder, included), so an entry edited "
            + "by hand is found; the lock is a record for review, and no other rule takes anything from it.",
        Evidence:
            "The lineage of a synthetic dataset cannot be recovered from its files (Cloud et al. 2026 released bare prompt/completion "
            + "rows); a manifest is only as trustworthy as the review of the data it describes. Locking content and declarations "
            + "together is the supply-chain practice of package locks (npm, NuGet) and of attestations that name a SHA-256.",
        Resolution:
            "Review the change, run 'gate lock' and commit gate.lock.json with the data. Resolve a merge conflict in the lock by "
            + "re-running 'gate lock', not by hand.")
    {
        NeedsScan = true,
    };

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        var current = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, LockedDataset> committed = context.Lock?.ByPath() ?? [];
        foreach (Dataset dataset in context.Inventory.Datasets)
        {
            current.Add(dataset.Path);
            SourceLocation at = dataset.Manifest?.Dataset.Location ?? new SourceLocation(dataset.Path, 1, 1);
            LockedDataset? locked = committed.GetValueOrDefault(dataset.Path);
            if (locked is null)
            {
                string why = context.Lock is null ? "there is no gate.lock.json" : "gate.lock.json has no entry for it";
                yield return Finding.Of(Definition, dataset.Path,
                    $"{dataset.Path} is not locked ({why}); run 'gate lock' after review and commit gate.lock.json with the data",
                    at);
                continue;
            }

            LockedDataset now = context.CurrentEntry?.Invoke(dataset) ?? throw new InvalidOperationException("dataset-changed was evaluated without the current lock entries");
            IReadOnlyList<string> changes = LockEntryChanges.Between(locked, now);
            if (changes.Count > 0)
            {
                yield return Finding.Of(Definition, dataset.Path,
                    $"{dataset.Path} changed since gate.lock.json: {string.Join("; ", changes)}; review the change, then run 'gate lock' and commit the lock with it",
                    at);
            }
        }

        // An entry for a dataset that is not there any more: a stale lock, or one written by hand.
        foreach (LockedDataset locked in context.Lock?.Datasets.Where(d => !current.Contains(d.Path)) ?? [])
        {
            yield return Finding.Of(Definition, locked.Path,
                $"gate.lock.json locks '{locked.Path}', which is not a dataset of this folder now (removed, renamed, or no longer selected); review the change, then run 'gate lock' and commit the lock with it",
                new SourceLocation(LockFile.FileName, Math.Max(1, locked.Line), 1));
        }
    }
}
