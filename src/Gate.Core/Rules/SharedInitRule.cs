using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE001: the teacher and the student share an initialization.</summary>
internal sealed class SharedInitRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE001",
        Name: "shared-init",
        DefaultSeverity: Severity.Error,
        Summary: "The teacher that wrote a dataset and a student that will learn from it share an initialization (a common ancestor along weight edges).",
        Explanation:
            "A student fine-tuned on a teacher's outputs drifts toward the teacher's hidden traits — a preference, a misalignment — "
            + "when both start from the same weights, even if the data is plain number lists, code or maths reasoning and was strictly "
            + "filtered. Content filters cannot see the signal; lineage can. Gate follows 'base' edges of every relation (fine-tune, "
            + "adapter, quantization, merge, continued pre-training, upcycling), folding aliases, and names the nearest shared ancestor.",
        Evidence:
            "Cloud et al., 'Subliminal Learning: Language models transmit behavioral traits via hidden signals in data', arXiv 2507.14805; "
            + "Nature 652, 615-621 (2026). An owl preference rose from about 12% to over 60% from number sequences; misaligned answers "
            + "reached about 10% against under 1% for controls. Transfer appeared when teacher and student shared a base model "
            + "(GPT-4.1 and GPT-4o, attributed to a shared initialization) and largely vanished across different bases. A theorem shows "
            + "one small gradient step on a shared initialization moves the student toward the teacher on any input distribution. "
            + "Passing this rule is not proof of safety: other channels (e.g. phantom transfer, arXiv 2602.04899) are not ruled out.",
        Resolution:
            "Generate the data with a teacher from another family; or record a mitigation the policy accepts (e.g. a cross-family "
            + "rewrite, a trait evaluation with evidence); or, for a contained experiment, add an approved, expiring waiver in gate.yaml.");

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        foreach (LineagePair pair in context.Pairs)
        {
            if (pair.SharedAncestor is { } shared)
            {
                yield return Finding.Of(Definition, pair.Dataset.Path,
                    $"teacher {pair.TeacherId} and student {pair.StudentId} share the initialization {shared}, so the teacher's traits can pass to the student through this data even after filtering",
                    pair.Teacher.Location, pair.TeacherId, pair.StudentId, shared)
                    .WithAdvice("use a teacher from another family, record an accepted mitigation, or add an approved waiver");
            }
        }
    }
}
