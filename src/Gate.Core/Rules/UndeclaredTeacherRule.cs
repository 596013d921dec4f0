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
    /// The share of a dataset's distinct records found in datasets of teachers it does not declare at
    /// or above which the rule fires. Datasets written independently share almost no whole records;
    /// a copy shares nearly all of them.
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
            + "manifest launders its lineage: Gate compares the records of every dataset of the folder exactly (a 64-bit hash of each "
            + "record as readers read it: JSON spacing, escapes, the order of keys at any depth, repeated keys and how a number is written "
            + "do not make a record new) and fires when at least " + RuleText.Percent(OverlapThreshold) + " of a dataset's distinct records "
            + "also appear, together, in datasets whose teachers it does not all declare, however many; the finding is given once per "
            + "undeclared model, so a waiver that names a teacher covers that model alone. A record of a dataset with a generator field is taken as written by the model "
            + "it names, so the parts of a mix that says who wrote each record are not copies of it. Both sides are scanned in the "
            + "same run; nothing is taken from the lock.",
        Evidence:
            "Trait transfer depends on who generated the data (Cloud et al. 2026): the teacher's initialization, not the "
            + "file's name. Some datasets record the generating model per row (e.g. a 'generator' column), which makes mixed or "
            + "mislabelled data detectable. Comparing whole records exactly cannot be evaded by choosing which records to copy, as "
            + "an estimate from a sketch could. It covers copied records, not paraphrases, and a copy diluted below the threshold "
            + "with new records is not found.",
        Resolution:
            "Declare every model that wrote records under 'teachers', or remove the records it wrote; if the data was copied from "
            + "another dataset, name that dataset's teacher. A dataset that is the part of a mixed dataset its own teachers wrote "
            + "is found too when nothing tells which records of the mix each teacher wrote: declare a generator field in the mix "
            + "(each record naming the model that wrote it), or waive the finding for that dataset with the reason.")
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

        // Laundering: records of one dataset that appear in datasets of teachers it does not declare.
        // Both sides are what this run scanned, never what the lock says, since the lock is as much
        // the pull request's as the data.
        Dataset[] scanned = declared.Where(d => scan.Datasets[d.Path].Features is { Records: > 0 }).ToArray();
        var teacherSets = new TeacherSets(context.Resolver.Registry);
        int[] teachersOf = scanned.Select(d => teacherSets.Of(d.Manifest!)).ToArray();
        var generatorSets = new Dictionary<string, int>(StringComparer.Ordinal);
        DatasetRecords[] records = scanned.Select((d, i) =>
        {
            ContentFeatures features = scan.Datasets[d.Path].Features!;
            List<ulong> hashes = features.RecordHashes ?? throw new InvalidOperationException($"the scan of {d.Path} kept no record hashes for GATE007");
            int?[]? writerSets = features.RecordGenerators?.Select(g => g is null ? (int?)null : generatorSets.TryGetValue(g, out int set) ? set : generatorSets[g] = teacherSets.OfModel(g)).ToArray();
            return new DatasetRecords(hashes, teachersOf[i], writerSets);
        }).ToArray();
        foreach (Overlap overlap in RecordOverlap.Find(records, teacherSets.Undeclared, teacherSets.Size, OverlapThreshold))
        {
            Dataset dataset = scanned[overlap.Dataset];
            string share = $"{RuleText.Percent(overlap.Share)} of the records of {dataset.Path} ({overlap.Shared.ToString(CultureInfo.InvariantCulture)} of {overlap.Distinct.ToString(CultureInfo.InvariantCulture)} distinct) also appear in datasets of teachers it does not declare";
            string wrote = overlap.CoWritten ? $"{overlap.Model} wrote or co-wrote" : $"{overlap.Model} wrote";
            string where = string.Join(", ", overlap.Sources.Take(3).Select(s => $"{scanned[s.Dataset].Path} ({s.Shared.ToString(CultureInfo.InvariantCulture)})"))
                + (overlap.Sources.Count > 3 ? $" and {(overlap.Sources.Count - 3).ToString(CultureInfo.InvariantCulture)} more" : string.Empty);
            yield return Finding.Of(Definition, dataset.Path,
                $"{share}; {overlap.ByModel.ToString(CultureInfo.InvariantCulture)} of them are in datasets {wrote}: {where}",
                dataset.Manifest!.Teachers[0].Location,
                teacher: overlap.Model)
                .WithAdvice("declare the teacher that really wrote them");
        }
    }
}
