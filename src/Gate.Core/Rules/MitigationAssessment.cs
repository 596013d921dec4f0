using Gate.Core.Datasets;
using Gate.Core.Lineage;
using Gate.Core.Manifests;
using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>
/// A manifest's mitigation claim judged for one dataset: the accepted kind it refers to, what is
/// wrong with it (for all pairs, or for one teacher or student), and the rewriter's unresolved lineage.
/// </summary>
internal sealed record MitigationAssessment(
    Dataset Dataset,
    MitigationClaim Claim,
    AcceptedMitigation? Kind,
    IReadOnlyList<MitigationProblem> Problems,
    IReadOnlyList<UnresolvedModel> UnresolvedRewriter)
{
    /// <summary>True when the claim clears <paramref name="rule"/> for this teacher and student.</summary>
    public bool Clears(RuleDefinition rule, string? teacher, string? student, ModelRegistry registry) =>
        Kind is not null
        && UnresolvedRewriter.Count == 0
        && Kind.Clears.Any(c => c.Value == rule.Name)
        && !Problems.Any(p => Concerns(p.Teacher, teacher, registry) && Concerns(p.Student, student, registry));

    private static bool Concerns(string? problemModel, string? findingModel, ModelRegistry registry) =>
        problemModel is null || findingModel is null || registry.SameModel(problemModel, findingModel);
}
