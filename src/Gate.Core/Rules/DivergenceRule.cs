using System.Globalization;
using Gate.Core.Datasets;
using Gate.Core.Policy;
using Gate.Core.Scanning;

namespace Gate.Core.Rules;

/// <summary>GATE008: the dataset's token distribution differs from its reference's beyond chance.</summary>
internal sealed class DivergenceRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE008",
        Name: "divergence",
        DefaultSeverity: Severity.Warning,
        Summary: "The dataset's token distribution differs from its 'reference' (the same prompts answered by the students' base) beyond chance.",
        Explanation:
            "A screen, not a detector. Gate compares the numeric-token histogram and the hashed token and token-pair counts of the "
            + "dataset with those of its reference, bin by bin (two-proportion z-tests, Bonferroni-corrected), at a nominal "
            + $"false-positive rate of at most {RuleText.Percent(DivergenceTest.Alpha)} per dataset (calibrated by simulation, docs/scanner.md). "
            + "A difference shows that the data carries teacher-specific signal, the precondition of transfer. No difference proves "
            + "nothing: the signal that transmits traits can be sequence-level and invisible to token counts.",
        Evidence:
            "Cloud et al. (2026): shuffling numbers within or across responses drastically reduced transfer, so the signal is "
            + "sequence-level, not a per-number frequency; an LLM classifier could not tell trait-teacher completions apart. Zur et al. "
            + "(2025, 'It's Owl in the Numbers') report token entanglement: raising P(\"owl\") raises P(\"087\") in Qwen2.5-7B-Instruct "
            + "(a later replication disputes causality). Schrodi et al. (arXiv 2509.23886): transfer rides on rare divergence tokens.",
        Resolution:
            "Treat the finding as a reason to check lineage and mitigations, not as proof of a trait: regenerate with a teacher from "
            + "another family, paraphrase the prompts, mix teachers or mask divergence tokens, and record the mitigation in the manifest.")
    {
        NeedsScan = true,
    };

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        WorkspaceScan scan = context.RequiredScan;
        foreach (Dataset dataset in context.Inventory.Datasets)
        {
            if (dataset.Manifest is not { Reference: { } reference, ReferenceWritten: { } written }
                || !scan.Datasets.TryGetValue(dataset.Path, out DatasetFingerprint? data) || data.Features is null
                || !scan.References.TryGetValue(reference, out DatasetFingerprint? baseline) || baseline.Features is null)
            {
                continue;
            }

            DivergenceResult result = DivergenceTest.Compare(data.Features, baseline.Features);
            if (!result.Diverges)
            {
                continue;
            }

            var parts = new List<string>();
            if (result.NumericDiverges)
            {
                string tokens = string.Join(", ", result.OverRepresented.Take(3).Select(o =>
                    $"\"{o.Token}\" ({o.DataCount} vs {o.ReferenceCount})"));
                parts.Add($"numeric tokens (max |z| {Format(result.NumericMaxZ)} > {Format(result.NumericThreshold)}); most over-represented: {tokens}");
            }

            if (result.WordsDiverge)
            {
                parts.Add($"hashed word tokens or token pairs (max |z| {Format(result.WordMaxZ)} > {Format(result.WordThreshold)})");
            }

            yield return Finding.Of(Definition, dataset.Path,
                $"{dataset.Path} differs from its reference {reference} beyond chance in {string.Join(" and in ", parts)}; "
                + $"false-positive rate at most {RuleText.Percent(DivergenceTest.Alpha)}. A screen: check lineage and mitigations; "
                + "no difference would prove nothing",
                written.Location);
        }
    }

    private static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
