namespace Gate.Core.Rules;

/// <summary>A rule: its definition, and how it finds what it is about in an evaluation.</summary>
internal interface IRule
{
    RuleDefinition Definition { get; }

    /// <summary>Findings at the rule's default severity; the evaluator applies the policy's.</summary>
    IEnumerable<Finding> Evaluate(EvaluationContext context);
}
