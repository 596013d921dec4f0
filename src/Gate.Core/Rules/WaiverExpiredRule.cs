using System.Globalization;
using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE010: a waiver past its expiry; what it waived fires again. Applied by <see cref="RuleEvaluator"/>.</summary>
internal static class WaiverExpiredRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE010",
        Name: "waiver-expired",
        DefaultSeverity: Severity.Error,
        Summary: "A waiver in gate.yaml is past its 'expires' date; the findings it waived count again.",
        Explanation:
            "Waivers are for contained, time-boxed exceptions (a research run on a quarantined cluster). An expired waiver is a "
            + "decision nobody has re-made; Gate reports it and no longer honours it.",
        Evidence: "Policy hygiene, as in dependency-review and vulnerability-audit tools: every exception names an approver and an end date.",
        Resolution: "Resolve the finding, or have the approvers renew the waiver with a new 'expires' date, or delete it.");

    public static Finding For(Waiver waiver, DateOnly today) =>
        Finding.Of(Definition, waiver.Dataset.Value.Pattern,
            string.Create(CultureInfo.InvariantCulture, $"the waiver of {waiver.Rule.Value} for '{waiver.Dataset.Value.Pattern}' (approved by {waiver.ApprovedBy.Value}) expired on {waiver.Expires.Value:yyyy-MM-dd} and no longer applies (today is {today:yyyy-MM-dd}); resolve the finding, renew the waiver with a new approval, or delete it"),
            waiver.Expires.Location);
}
