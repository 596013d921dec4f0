using System.Globalization;
using Gate.Core.Datasets;
using Gate.Core.Manifests;
using Gate.Core.Policy;
using Gate.Core.Scanning;

namespace Gate.Core.Rules;

/// <summary>
/// GATE007: records name a generator the manifest does not declare, or the dataset's records
/// largely appear in a locked dataset of another teacher (lineage laundering).
/// </summary>
internal sealed class UndeclaredTeacherRule : IRule
{
    /// <summary>
    /// Estimated share of this dataset's records found in another teacher's locked dataset above which
    /// the rule fires. Independent datasets share essentially no records (their MinHash bins never
    /// agree), and the estimate's standard error near this level is about 0.03 with 256 bins.
    /// </summary>
    public const double OverlapThreshold = 0.2;

    public static RuleDefinition Definition { get; } = new(
        Code: "GATE007",
        Name: "undeclared-teacher",
        DefaultSeverity: Severity.Error,
        Summary: "Records name a generator the manifest does not declare (or, where a generator field is declared, name none), or the dataset's records overlap a dataset of another teacher.",
        Explanation:
            "Lineage rules are only as good as the declared teachers. Where a manifest declares a generator field, every record must "
            + "name a declared teacher there as a non-empty string; a record where it is missing, empty, null, a list or an object "
            + "names no generator and is a finding too, never a pass. And a dataset copied from another teacher's data under a new "
            + "manifest launders its lineage: Gate estimates, from MinHash signatures of the record sets (one-permutation hashing, "
            + "256 bins), which share of a dataset's records also appear in each other dataset of the folder with different teachers, "
            + $"and fires above {RuleText.Percent(OverlapThreshold)}. Both sides are scanned in the same run; nothing is taken from the lock.",
        Evidence:
            "Trait transfer depends on who generated the data (Cloud et al. 2026): the teacher's initialization, not the "
            + "file's name. Some datasets record the generating model per row (e.g. a 'generator' column), which makes mixed or "
            + "mislabelled data detectable. MinHash estimates Jaccard similarity without the data (Broder 1997; one-permutation "
            + "hashing: Li, Owen, Zhang 2012; optimal densification: Shrivastava 2017). Overlap detection covers copied records, not "
            + "paraphrases.",
        Resolution:
            "Declare every model that wrote records under 'teachers', or remove the records it wrote; if the data was copied from "
            + "another dataset, name that dataset's teacher.")
    {
        NeedsScan = true,
    };

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        WorkspaceScan scan = context.RequiredScan;
        var declared = context.Inventory.Datasets.Where(d => d.Manifest is not null).ToArray();
        foreach (Dataset dataset in declared)
        {
            LineageManifest manifest = dataset.Manifest!;
            if (manifest.GeneratorField is not { } field)
            {
                continue;
            }

            if (scan.Datasets[dataset.Path].Features is not { } features)
            {
                yield return Finding.Of(Definition, dataset.Path,
                    $"{dataset.Path} declares the generator field '{field.Value}', but its content is not here (Git LFS pointers), so no record could be checked; fetch the content before running Gate (git lfs pull, or actions/checkout with lfs: true)",
                    field.Location);
                continue;
            }

            foreach (var (value, count) in features.Generators)
            {
                if (manifest.Teachers.Any(t => context.Resolver.Registry.SameModel(t.Value, value)))
                {
                    continue;
                }

                yield return Finding.Of(Definition, dataset.Path,
                    $"{count.Count} record(s) of {dataset.Path} name '{value}' in '{field.Value}', which the manifest does not declare as a teacher "
                    + $"(first at {count.FirstFile} line {count.FirstLine}); declare it under 'teachers' or remove its records",
                    field.Location, teacher: value);
            }

            if (features.GeneratorMissing is { } gap)
            {
                yield return Finding.Of(Definition, dataset.Path,
                    $"{gap.Count} record(s) of {dataset.Path} name no generator in '{field.Value}' (first at {gap.FirstFile} line {gap.FirstLine}: {gap.What}); "
                    + "with a generator field, every record names the model that wrote it as a string: fill it in, or remove 'generator-field' from the manifest",
                    field.Location);
            }
        }

        // Laundering: records of one dataset that appear in a dataset of other teachers. Both sides are
        // what this run scanned, never what the lock says, since the lock is as much the pull request's as the data.
        Dataset[] scanned = declared.Where(d => scan.Datasets[d.Path].Features is { Records: > 0 }).ToArray();
        var teacherSets = new TeacherSets(context.Resolver.Registry);
        int[] teachersOf = scanned.Select(d => teacherSets.Of(d.Manifest!)).ToArray();
        foreach (var (i, j) in Candidates(scanned.Select(d => scan.Datasets[d.Path].Features!.MinHash).ToArray(), teachersOf, teacherSets.Disjoint))
        {
            Dataset dataset = scanned[i], other = scanned[j];
            ContentFeatures features = scan.Datasets[dataset.Path].Features!, otherFeatures = scan.Datasets[other.Path].Features!;
            double jaccard = MinHashKernels.Jaccard(features.MinHash, otherFeatures.MinHash);
            double containment = MinHashKernels.Containment(jaccard, features.Records, otherFeatures.Records);
            if (containment >= OverlapThreshold)
            {
                string[] otherTeachers = other.Manifest!.Teachers.Select(t => context.Resolver.Registry.Canonical(t.Value)).ToArray();
                yield return Finding.Of(Definition, dataset.Path,
                    $"about {RuleText.Percent(containment)} of the records of {dataset.Path} also appear in {other.Path}, "
                    + $"written by {string.Join(", ", otherTeachers)} (estimated Jaccard {jaccard.ToString("0.00", CultureInfo.InvariantCulture)}); "
                    + "declare the teacher that really wrote them",
                    dataset.Manifest!.Teachers[0].Location,
                    teacher: otherTeachers[0]);
            }
        }
    }

    /// <summary>
    /// The ordered pairs of datasets of disjoint teacher sets whose signatures share a bin's value.
    /// Only they can have a Jaccard estimate above zero: an estimate counts equal bins (after
    /// densification, which copies a signature's own values), and one record gives the same bin and
    /// value in every signature it is in. The holders of a value are grouped by teacher set, so
    /// datasets of one teacher that share records (a common prompt, say) are passed over a group at
    /// a time: the test costs what the overlaps across teachers cost, not the square of the datasets.
    /// </summary>
    /// <param name="signatures">Each dataset's MinHash signature.</param>
    /// <param name="teacherSet">Each dataset's teacher set, as a number that is equal for equal sets.</param>
    /// <param name="disjoint">Whether two teacher sets share no model.</param>
    private static IEnumerable<(int Dataset, int Other)> Candidates(ulong[][] signatures, int[] teacherSet, Func<int, int, bool> disjoint)
    {
        var building = new Dictionary<(int Bin, ulong Value), List<int>>();
        for (int i = 0; i < signatures.Length; i++)
        {
            ulong[] bins = signatures[i];
            for (int bin = 0; bin < bins.Length; bin++)
            {
                if (bins[bin] != MinHashKernels.Empty)
                {
                    (building.TryGetValue((bin, bins[bin]), out List<int>? list) ? list : building[(bin, bins[bin])] = []).Add(i);
                }
            }
        }

        // Holders of one value, in runs of one teacher set; a value only one dataset holds pairs nothing.
        var holders = new Dictionary<(int Bin, ulong Value), int[]>();
        foreach (var (key, list) in building)
        {
            if (list.Count > 1)
            {
                holders[key] = [.. list.OrderBy(i => teacherSet[i]).ThenBy(i => i)];
            }
        }

        building.Clear();
        var partners = new SortedSet<int>();
        for (int i = 0; i < signatures.Length; i++)
        {
            partners.Clear();
            ulong[] bins = signatures[i];
            for (int bin = 0; bin < bins.Length; bin++)
            {
                if (bins[bin] == MinHashKernels.Empty || !holders.TryGetValue((bin, bins[bin]), out int[]? list))
                {
                    continue;
                }

                for (int start = 0, end; start < list.Length; start = end)
                {
                    int set = teacherSet[list[start]];
                    for (end = start + 1; end < list.Length && teacherSet[list[end]] == set; end++)
                    {
                    }

                    if (disjoint(teacherSet[i], set))
                    {
                        for (int k = start; k < end; k++)
                        {
                            partners.Add(list[k]);
                        }
                    }
                }
            }

            foreach (int j in partners)
            {
                yield return (i, j);
            }
        }
    }
}
