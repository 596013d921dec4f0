using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE002: no shared weights, but one side was distilled to behave like the other's lineage.</summary>
internal sealed class BehaviouralMatchRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE002",
        Name: "behavioural-match",
        DefaultSeverity: Severity.Error,
        Summary: "The student (or a weight ancestor of it) was distilled from the teacher or from a model sharing the teacher's initialization — or the other way round.",
        Explanation:
            "A model trained to imitate another model's outputs becomes behaviourally matched to it. The subliminal-learning paper "
            + "reports transfer between teacher and student with 'the same (or behaviourally matched) base models': a student first "
            + "distilled toward the teacher recovers part of the effect without sharing its weights. Gate follows 'distilled-from' "
            + "one step from any weight ancestor of either model, and fires only when no shared initialization was found (GATE001 "
            + "covers that case).",
        Evidence:
            "Cloud et al., Nature 652, 615-621 (2026): transfer 'only when the teacher and student have the same (or behaviourally "
            + "matched) base models'; a differently-initialized student distilled to match the teacher recovered part of the effect. "
            + "How much of the effect survives distillation varies; treat the rule as structural, not as a measured risk.",
        Resolution:
            "Use a teacher whose lineage the student's distillation history does not touch; or record an accepted mitigation that "
            + "clears behavioural-match; or add an approved, expiring waiver.");

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        foreach (LineagePair pair in context.Pairs)
        {
            // Looked for only when no shared initialization was found (GATE001 covers that case).
            if (pair.BehaviouralMatch is { } match)
            {
                string how = match.DistilledSide == "student"
                    ? $"the student {pair.StudentId} descends from {match.DistilledModel}, which was distilled from {match.Source}, sharing the initialization {match.Shared} with the teacher {pair.TeacherId}"
                    : $"the teacher {pair.TeacherId} descends from {match.DistilledModel}, which was distilled from {match.Source}, sharing the initialization {match.Shared} with the student {pair.StudentId}";
                yield return Finding.Of(Definition, pair.Dataset.Path,
                    $"{how}: the two are behaviourally matched, and traits can transfer",
                    pair.Teacher.Location, pair.TeacherId, pair.StudentId, match.Shared)
                    .WithAdvice("use a teacher outside that lineage, record an accepted mitigation, or add an approved waiver");
            }
        }
    }
}
