using Gate.Core.Lineage;
using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE003: same family, different initialization.</summary>
internal sealed class SameFamilyRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE003",
        Name: "same-family",
        DefaultSeverity: Severity.Warning,
        Summary: "Teacher and student belong to the same model family (inherited along weight edges) but share no initialization.",
        Explanation:
            "Families group models a vendor trained alike (data, tokenizer, recipe) from separate initializations. The evidence says "
            + "the initialization, not the vendor, family or name, is what carries traits — so this is a warning, not an error: "
            + "separately initialized siblings may still be closer than unrelated models, and a registry can be wrong about which "
            + "products share weights.",
        Evidence:
            "Cloud et al., Nature 652, 615-621 (2026): GPT-4.1, GPT-4.1-mini and GPT-4.1-nano did not transmit to one another, while "
            + "GPT-4.1 and GPT-4o did, attributed to a shared initialization. 'The key is the initialization, not the vendor, family or name.'",
        Resolution:
            "Confirm in the registry that the two models really were initialized separately (if not, give them a common base and "
            + "GATE001 applies); otherwise accept the warning, lower the rule's severity in gate.yaml, or use a teacher from another family.");

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        foreach (LineagePair pair in context.Pairs)
        {
            // "No shared initialization" is only established when both lineages resolve to roots;
            // otherwise GATE004 speaks.
            if (!pair.TeacherAncestry.IsFullyResolved || !pair.StudentAncestry.IsFullyResolved
                || pair.SharedAncestor is not null
                || pair.BehaviouralMatch is not null)
            {
                continue;
            }

            if (LineageResolver.SharedFamilies(pair.TeacherAncestry, pair.StudentAncestry) is [var family, ..])
            {
                yield return Finding.Of(Definition, pair.Dataset.Path,
                    $"teacher {pair.TeacherId} and student {pair.StudentId} are both of the family {family} but share no initialization",
                    pair.Teacher.Location, pair.TeacherId, pair.StudentId)
                    .WithAdvice("confirm in gate.yaml that they were initialized separately");
            }
        }
    }
}
