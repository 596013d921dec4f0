using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE009: a mitigation claim that does not hold.</summary>
internal sealed class InvalidMitigationRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE009",
        Name: "invalid-mitigation",
        DefaultSeverity: Severity.Error,
        Summary: "A manifest's mitigation is of a kind the policy does not accept, lacks a required field or its evidence file, or defeats itself (a rewriter sharing the student's or teacher's initialization or the teacher's family).",
        Explanation:
            "A mitigation clears findings only if the organisation accepts its kind (gate.yaml 'mitigations') and the claim carries "
            + "what that kind requires. Evidence files must exist and are locked by digest. A rewrite through a model of the student's "
            + "or teacher's own lineage does not break the channel: the rewriter's outputs carry its own lineage's traits.",
        Evidence:
            "Some support: a teacher from another family; prompt paraphrase; mixing several teachers; masking divergence tokens "
            + "(Schrodi et al., arXiv 2509.23886). No support: LLM-judge filtering; paraphrase through the same teacher or its family — "
            + "a trait teacher paraphrasing fixed sentences still transmits (Gisler et al., arXiv 2603.09517).",
        Resolution:
            "Use an accepted kind with every required field; commit the evidence file; choose a rewriter from a family unrelated to "
            + "both teacher and student.");

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        foreach (MitigationAssessment assessment in context.Mitigations)
        {
            foreach (MitigationProblem problem in assessment.Problems)
            {
                yield return Finding.Of(Definition, assessment.Dataset.Path, problem.Message, problem.Location,
                    problem.Teacher is null ? null : context.Resolver.Registry.Canonical(problem.Teacher),
                    problem.Student is null ? null : context.Resolver.Registry.Canonical(problem.Student));
            }
        }
    }
}
