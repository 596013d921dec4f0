using Gate.Core.Locking;

namespace Gate.Core.Reports;

/// <summary>
/// What a change does against a base commit (<c>gate check --base REF</c>), from the lock committed
/// at the base and the entries this run recomputes: datasets added, changed and removed, each with
/// its teachers and students. Informational: the verdict is the check's, over every dataset.
/// </summary>
public sealed record ChangeSummary(string Base, string Commit, bool BaseHasLock, IReadOnlyList<DatasetChange> Datasets)
{
    /// <summary>Whether content, evidence and references were compared: not when the policy turns every content rule off (nothing is scanned then).</summary>
    public bool ContentCompared { get; init; } = true;

    /// <summary>Why the findings could not be marked new or on the base (<see cref="Rules.Finding.Baseline"/>); null when they were.</summary>
    public string? FindingsNotCompared { get; init; }

    /// <summary>How many datasets this run scanned.</summary>
    public int Scanned { get; init; }

    /// <summary>How many datasets' fingerprints were taken from the lock, the base vouching for their bytes (not scanned).</summary>
    public int TakenFromBase { get; init; }

    /// <summary>Why no fingerprint could be taken from the lock; null when some could be (or none had to be scanned).</summary>
    public string? WhyNoneTakenFromBase { get; init; }

    /// <summary>
    /// "Scanned 1 dataset; 19 taken from the lock (unchanged since the base)", or with why none was
    /// taken; null when nothing was scanned (every content rule off). Plain text: each sink escapes it.
    /// </summary>
    public string? ScanLine()
    {
        if (!ContentCompared)
        {
            return null;
        }

        string scanned = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Scanned {Scanned} dataset{(Scanned == 1 ? string.Empty : "s")}");
        return TakenFromBase > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{scanned}; {TakenFromBase} taken from the lock (unchanged since the base)")
            : WhyNoneTakenFromBase is { } why ? $"{scanned}; none taken from the lock: {why}"
            : scanned;
    }

    public int Added => Datasets.Count(d => d.Kind == DatasetChangeKind.Added);

    public int Changed => Datasets.Count(d => d.Kind == DatasetChangeKind.Changed);

    public int Removed => Datasets.Count(d => d.Kind == DatasetChangeKind.Removed);

    /// <summary>The changes from <paramref name="baseLock"/> (null: the base locks nothing) to <paramref name="now"/>, in path order.</summary>
    internal static ChangeSummary Between(string reference, string commit, LockFile? baseLock, IReadOnlyList<LockedDataset> now, bool compareContent = true)
    {
        Dictionary<string, LockedDataset> before = baseLock?.ByPath() ?? [];
        var after = now.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var changes = new List<DatasetChange>();
        foreach (string path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            LockedDataset? then = before.GetValueOrDefault(path), current = after.GetValueOrDefault(path);
            if (then is null)
            {
                changes.Add(new DatasetChange(path, DatasetChangeKind.Added, [], Ids(current!.Lineage.Teachers), Ids(current.Lineage.Students)));
            }
            else if (current is null)
            {
                changes.Add(new DatasetChange(path, DatasetChangeKind.Removed, [], Ids(then.Lineage.Teachers), Ids(then.Lineage.Students)));
            }
            else if (What(then, current, compareContent) is { Count: > 0 } what)
            {
                changes.Add(new DatasetChange(path, DatasetChangeKind.Changed, what, Ids(current.Lineage.Teachers), Ids(current.Lineage.Students)));
            }
        }

        return new ChangeSummary(reference, commit, baseLock is not null, changes) { ContentCompared = compareContent };
    }

    internal static List<string> What(LockedDataset then, LockedDataset now, bool compareContent)
    {
        var what = new List<string>();
        if (then.IsFolder != now.IsFolder || (compareContent && (then.Sha256 != now.Sha256 || then.Bytes != now.Bytes)))
        {
            what.Add(now.Records is { } records && then.Records is { } before && records != before ? $"content ({before} → {records} records)" : "content");
        }

        if (then.Manifest?.Sha256 != now.Manifest?.Sha256 || then.Manifest?.Path != now.Manifest?.Path)
        {
            what.Add("manifest");
        }

        // With their roots: a teacher whose ancestry changed (a model card edited) is a lineage change.
        Compare(what, "teachers", Lineage(then.Lineage.Teachers), Lineage(now.Lineage.Teachers));
        Compare(what, "students", Lineage(then.Lineage.Students), Lineage(now.Lineage.Students));
        if (!compareContent)
        {
            return what;
        }

        if (!then.Evidence.Select(e => (e.Path, e.Sha256)).SequenceEqual(now.Evidence.Select(e => (e.Path, e.Sha256))))
        {
            what.Add("evidence");
        }

        if (then.Reference?.Sha256 != now.Reference?.Sha256 || then.Reference?.Path != now.Reference?.Path)
        {
            what.Add("reference");
        }

        return what;
    }

    private static void Compare(List<string> what, string name, string[] before, string[] after)
    {
        if (!before.SequenceEqual(after, StringComparer.Ordinal))
        {
            what.Add($"{name} {Join(before)} → {Join(after)}");
        }
    }

    private static string Join(string[] ids) => ids.Length == 0 ? "none" : string.Join(", ", ids);

    private static string[] Lineage(IReadOnlyList<LockedModel> models) => [.. models.Select(m => $"{m.Id} [roots {string.Join(", ", m.Roots)}]")];

    private static string[] Ids(IReadOnlyList<LockedModel> models) => [.. models.Select(m => m.Id)];
}
