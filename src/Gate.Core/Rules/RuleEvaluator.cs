using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>
/// Runs every rule (those that read content only when it was scanned), then applies the policy in
/// order: severities (dropping rules set to off), accepted mitigations, waivers (expired ones
/// report GATE010 and stop waiving, unused ones GATE011).
/// Findings come out sorted, so reports are reproducible.
/// </summary>
internal static class RuleEvaluator
{
    /// <summary>The rules evaluated, in order; <see cref="RuleCatalog.All"/> lists their definitions in the same order (a test holds them together).</summary>
    internal static readonly IRule[] Rules =
    [
        new SharedInitRule(),
        new BehaviouralMatchRule(),
        new SameFamilyRule(),
        new UnknownModelRule(),
        new MissingLineageRule(),
        new DatasetChangedRule(),
        new UndeclaredTeacherRule(),
        new DivergenceRule(),
        new InvalidMitigationRule(),
        new ModelCardSlipRule(),
    ];

    public static IReadOnlyList<Finding> Evaluate(EvaluationContext context)
    {
        // A rule set to off costs nothing: every rule only reads what the context holds, and what it
        // holds for one rule alone (the current lock entries) is built only when that rule is on.
        // A rule that reads content has nothing to say when the content was not scanned.
        IEnumerable<IRule> rules = Rules.Where(r => SeverityOf(context.Policy, r.Definition) != Severity.Off
            && (context.Scan is not null || !r.Definition.NeedsScan));
        List<Finding> findings = WithPolicySeverity(context.Policy, rules.SelectMany(r => r.Evaluate(context)))
            .Select(f => Mitigate(f, context))
            .ToList();
        findings = ApplyWaivers(context, findings);
        findings.Sort(Compare);
        return findings;
    }

    public static Severity SeverityOf(GatePolicy policy, RuleDefinition rule) =>
        policy.Severities.TryGetValue(rule.Name, out var set) ? set.Value : rule.DefaultSeverity;

    private static IEnumerable<Finding> WithPolicySeverity(GatePolicy policy, IEnumerable<Finding> findings) =>
        findings.Select(f => f with { Severity = SeverityOf(policy, f.Rule) }).Where(f => f.Severity != Severity.Off);

    private static Finding Mitigate(Finding finding, EvaluationContext context)
    {
        // The first accepted kind by name, not by the manifest's order: a report does not change when a list is reordered.
        MitigationAssessment? clearing = context.Mitigations
            .Where(m => m.Dataset.Path == finding.Dataset && m.Clears(finding.Rule, finding.Teacher, finding.Student, context.Resolver.Registry))
            .MinBy(m => m.Claim.Kind.Value, StringComparer.Ordinal);
        return clearing is null ? finding : finding.WithoutAdvice() with { MitigatedBy = clearing.Claim.Kind.Value };
    }

    /// <summary>
    /// Marks each finding a live waiver matches. A waiver matches a finding's exact rule, dataset and
    /// (when it names them) teacher and student. Waivers are taken in a fixed order (the earliest expiry first,
    /// then by approver and reason), so which one a report names never depends on the order gate.yaml
    /// lists them in.
    /// </summary>
    private static List<Finding> ApplyWaivers(EvaluationContext context, List<Finding> findings)
    {
        var result = new List<Finding>(findings);
        var added = new List<Finding>();
        IEnumerable<Waiver> ordered = context.Policy.Waivers
            .OrderBy(w => w.Expires.Value)
            .ThenBy(w => w.ApprovedBy.Value, StringComparer.Ordinal)
            .ThenBy(w => w.Reason.Value, StringComparer.Ordinal)
            .ThenBy(w => w.Dataset.Value.Pattern, StringComparer.Ordinal)
            .ThenBy(w => w.Student?.Value, StringComparer.Ordinal);
        foreach (Waiver waiver in ordered)
        {
            if (waiver.IsExpired(context.Today))
            {
                added.Add(WaiverExpiredRule.For(waiver, context.Today));
                continue;
            }

            var matching = Enumerable.Range(0, result.Count)
                .Where(i => !result[i].IsMitigated && Matches(waiver, result[i], context))
                .ToList();

            if (matching.Count == 0)
            {
                added.Add(WaiverUnusedRule.For(waiver));
                continue;
            }

            foreach (int i in matching.Where(i => !result[i].IsWaived))
            {
                result[i] = result[i].WithoutAdvice() with
                {
                    Waiver = new AppliedWaiver(waiver.Reason.Value, waiver.ApprovedBy.Value, waiver.Expires.Value, waiver.Location),
                };
            }
        }

        result.AddRange(WithPolicySeverity(context.Policy, added));
        return result;
    }

    private static bool Matches(Waiver waiver, Finding finding, EvaluationContext context) =>
        string.Equals(waiver.Waives.Code, finding.Rule.Code, StringComparison.Ordinal)
        && waiver.Dataset.Value.IsMatch(finding.Dataset)
        && (waiver.Teacher is null || (finding.Teacher is not null && context.Resolver.Registry.SameModel(waiver.Teacher.Value, finding.Teacher)))
        && (waiver.Student is null || (finding.Student is not null && context.Resolver.Registry.SameModel(waiver.Student.Value, finding.Student)));

    private static int Compare(Finding a, Finding b)
    {
        int c = string.CompareOrdinal(a.Location.File, b.Location.File);
        if (c == 0) c = a.Location.Line.CompareTo(b.Location.Line);
        if (c == 0) c = a.Location.Column.CompareTo(b.Location.Column);
        if (c == 0) c = string.CompareOrdinal(a.Rule.Code, b.Rule.Code);
        if (c == 0) c = string.CompareOrdinal(a.Dataset, b.Dataset);
        if (c == 0) c = string.CompareOrdinal(a.Teacher, b.Teacher);
        if (c == 0) c = string.CompareOrdinal(a.Student, b.Student);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}
