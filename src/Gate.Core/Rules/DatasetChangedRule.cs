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
        Summary: "A dataset's content, manifest, evidence or reference differs from gate.lock.json, or the dataset is not locked.",
        Explanation:
            "gate.lock.json records, per dataset, the SHA-256 of its files (equal to sha256sum and to the Git LFS oid), its record "
            + "count and fingerprint, the digests of its lineage manifest, mitigation evidence and reference, and its resolved lineage. "
            + "Like a package lock, it makes a change to training data visible in review: a pull request that changes data must also "
            + "change the lock, so a reviewer sees which dataset changed and who declared what about it.",
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
        foreach (Dataset dataset in context.Inventory.Datasets)
        {
            SourceLocation at = dataset.Manifest?.Dataset.Location ?? new SourceLocation(dataset.Path, 1, 1);
            LockedDataset current = context.CurrentLockEntry(dataset);
            LockedDataset? locked = context.Lock?.Find(dataset.Path);
            if (locked is null)
            {
                string why = context.Lock is null ? "there is no gate.lock.json" : "gate.lock.json has no entry for it";
                yield return Finding.Of(Definition, dataset.Path,
                    $"{dataset.Path} is not locked ({why}); run 'gate lock' after review and commit gate.lock.json with the data",
                    at);
                continue;
            }

            var changes = new List<string>();
            if (current.Sha256 != locked.Sha256)
            {
                string records = current.Records is { } now && locked.Records is { } then && now != then ? $", {then} → {now} records" : string.Empty;
                changes.Add($"content (sha256 {Short(locked.Sha256)} → {Short(current.Sha256)}, {locked.Bytes} → {current.Bytes} bytes{records})");
            }

            if (current.Manifest?.Sha256 != locked.Manifest?.Sha256)
            {
                changes.Add($"manifest {current.Manifest?.Path ?? locked.Manifest?.Path}");
            }

            var evidenceNow = current.Evidence.ToDictionary(e => e.Path, e => e.Sha256);
            var evidenceThen = locked.Evidence.ToDictionary(e => e.Path, e => e.Sha256);
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

            if (changes.Count > 0)
            {
                yield return Finding.Of(Definition, dataset.Path,
                    $"{dataset.Path} changed since gate.lock.json: {string.Join("; ", changes)}; review the change, then run 'gate lock' and commit the lock with it",
                    at);
            }
        }
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
