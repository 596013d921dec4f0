using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Manifests;
using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE005: a dataset without a manifest, a manifest without data, or a dataset without students.</summary>
internal sealed class MissingLineageRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE005",
        Name: "missing-lineage",
        DefaultSeverity: Severity.Error,
        Summary: "A dataset under 'datasets:' has no lineage manifest, a manifest names no data, or a dataset has no students to check.",
        Explanation:
            "The files of a synthetic dataset do not say which model wrote them: the paper's number datasets are bare "
            + "prompt/completion rows. Lineage must be declared beside the data, in NAME.lineage.yaml, or the gate cannot judge it.",
        Evidence:
            "Cloud et al. (2026) released JSONL rows {\"prompt\", \"completion\"} with no teacher field; dataset cards have no standard "
            + "field for the generating model; some datasets record it per row, most do not.",
        Resolution:
            "Add NAME.lineage.yaml beside the dataset with 'dataset', 'teacher' and 'students' (or list students in gate.yaml); "
            + "fix a manifest's 'dataset' path; or exclude the file in gate.yaml's 'datasets: exclude' if it is not training data.");

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        foreach (Dataset dataset in context.Inventory.Datasets)
        {
            if (dataset.Manifest is null)
            {
                yield return Finding.Of(Definition, dataset.Path,
                    $"the dataset {dataset.Path} has no lineage manifest; add {SuggestedManifestName(dataset.Path)} beside it naming its teacher and students",
                    new SourceLocation(dataset.Path, 1, 1));
            }
            else if (context.StudentsOf(dataset).Count == 0)
            {
                yield return Finding.Of(Definition, dataset.Path,
                    $"no student is named for {dataset.Path}: the manifest lists no 'students' and gate.yaml declares none; name the models that will train on it",
                    dataset.Manifest.Dataset.Location);
            }
        }

        foreach (LineageManifest manifest in context.Inventory.ManifestsNamingNothing)
        {
            yield return Finding.Of(Definition, manifest.DatasetPattern,
                $"the manifest names '{manifest.Dataset.Value}', which matches no data file or folder; correct the path or delete the manifest",
                manifest.Dataset.Location);
        }
    }

    /// <summary>
    /// The manifest file name to suggest for a dataset: its name without the data suffixes, as
    /// <see cref="DatasetFormats.Stem"/> defines them (the scanner and discovery use the same
    /// split), plus <c>.lineage.yaml</c>; the whole name when nothing is left (<c>.jsonl.gz</c>).
    /// </summary>
    internal static string SuggestedManifestName(string datasetPath)
    {
        string name = datasetPath[(datasetPath.LastIndexOf('/') + 1)..];
        string stem = DatasetFormats.Stem(name);
        return (stem.Length > 0 ? stem : name) + LineageManifest.Suffix;
    }
}
