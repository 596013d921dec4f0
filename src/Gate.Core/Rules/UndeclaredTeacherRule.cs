using System.Globalization;
using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;
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
        Summary: "Records name a generator the manifest does not declare, or the dataset overlaps a locked dataset of another teacher.",
        Explanation:
            "Lineage rules are only as good as the declared teachers. Where records carry a generator field, every value must be a "
            + "declared teacher. And a dataset copied from another teacher's data under a new manifest launders its lineage: Gate "
            + "estimates, from MinHash signatures of the record sets (one-permutation hashing, 256 bins), which share of a dataset's "
            + $"records also appear in each locked dataset with different teachers, and fires above {RuleText.Percent(OverlapThreshold)}. "
            + "Locked fingerprints are compared from the first version whose record hashes are today's (1); 'gate lock' rewrites older ones.",
        Evidence:
            "Trait transfer depends on who generated the data (Cloud et al. 2026, SCIENCE.md): the teacher's initialization, not the "
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
        var lockedSignatures = new Dictionary<string, ulong[]>(StringComparer.Ordinal); // each locked signature decoded once, not once per pair
        foreach (Dataset dataset in context.Inventory.Datasets.Where(d => d.Manifest is not null))
        {
            var manifest = dataset.Manifest!;
            if (!scan.Datasets.TryGetValue(dataset.Path, out DatasetFingerprint? fingerprint) || fingerprint.Features is not { } features)
            {
                continue;
            }

            if (manifest.GeneratorField is { } field)
            {
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
            }

            if (context.Lock is null)
            {
                continue;
            }

            var teachers = manifest.Teachers.Select(t => context.Resolver.Registry.Canonical(t.Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (LockedDataset other in context.Lock.Datasets)
            {
                // A signature from before RecordHashesSince would hash records differently: comparing it
                // could make up an overlap or hide one. Skipped silently: SPEC has findings, not notes, and
                // a finding would carry this rule's severity (an error by default) for a lock that is only
                // older, which docs/scanner.md promises still passes. The next 'gate lock' rewrites it.
                if (other.Path == dataset.Path || other.Fingerprint is not { Version: >= FingerprintVersion.RecordHashesSince } || other.Records is not { } otherRecords
                    || other.Lineage.Teachers.Count == 0 || other.Lineage.Teachers.Any(t => teachers.Contains(context.Resolver.Registry.Canonical(t.Id))))
                {
                    continue;
                }

                if (!lockedSignatures.TryGetValue(other.Path, out ulong[]? signature))
                {
                    lockedSignatures[other.Path] = signature = ContentFeatures.MinHashFromBase64(other.Fingerprint.MinHash);
                }

                double jaccard = MinHashKernels.Jaccard(features.MinHash, signature);
                double containment = MinHashKernels.Containment(jaccard, features.Records, otherRecords);
                if (containment >= OverlapThreshold)
                {
                    string otherTeachers = string.Join(", ", other.Lineage.Teachers.Select(t => t.Id));
                    yield return Finding.Of(Definition, dataset.Path,
                        $"about {RuleText.Percent(containment)} of the records of {dataset.Path} also appear in {other.Path}, "
                        + $"locked as written by {otherTeachers} (estimated Jaccard {jaccard.ToString("0.00", CultureInfo.InvariantCulture)}); "
                        + "declare the teacher that really wrote them",
                        manifest.Teachers.FirstOrDefault()?.Location ?? manifest.Dataset.Location,
                        teacher: other.Lineage.Teachers[0].Id);
                }
            }
        }
    }
}
