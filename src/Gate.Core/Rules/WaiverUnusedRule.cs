using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE011: a waiver that matched no finding. Applied by <see cref="RuleEvaluator"/>.</summary>
internal static class WaiverUnusedRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE011",
        Name: "waiver-unused",
        DefaultSeverity: Severity.Warning,
        Summary: "A waiver in gate.yaml matched no finding.",
        Explanation:
            "A waiver that matches nothing is either stale (the finding was resolved, or the dataset's teacher changed) or mistyped (a wrong dataset glob, teacher or student), "
            + "in which case the finding it was meant for is not waived. Either way it should be looked at.",
        Evidence: "Policy hygiene: stale exceptions hide future findings that happen to match them.",
        Resolution: "Delete the waiver, or correct its 'rule', 'dataset' glob, 'teacher' or 'student' so it matches what it was approved for.");

    public static Finding For(Waiver waiver) =>
        Finding.Of(Definition, waiver.Dataset.Value.Pattern,
            $"the waiver of {waiver.Rule.Value} for '{waiver.Dataset.Value.Pattern}'{(waiver.Teacher is { } t ? $", teacher {t.Value}" : string.Empty)}{(waiver.Student is { } s ? $" and student {s.Value}" : string.Empty)} matched no finding; delete it or correct its rule, dataset, teacher or student",
            waiver.Location);
}
