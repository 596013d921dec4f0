using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE012: a model card holds a slip that Gate read past, as the Hugging Face Hub does.</summary>
internal sealed class ModelCardSlipRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE012",
        Name: "model-card-slip",
        DefaultSeverity: Severity.Warning,
        Summary: "A committed model card has a slip that does not touch its lineage (a key written twice outside base_model, base_model_relation and tags); Gate read it as the Hugging Face Hub does.",
        Explanation:
            "Model cards are written by thousands of authors and tools, and third-party cards committed as they are often carry "
            + "harmless YAML slips. Stopping the whole check for one would make a team edit someone else's card; reading past it "
            + "silently would hide that Gate read the card in a particular way. So Gate reads what the Hub reads (the later of two "
            + "values, as PyYAML keeps it) and says so. A slip in the keys lineage rests on (base_model, base_model_relation, tags) "
            + "is never read past: it stays an input error (GATE104).",
        Evidence:
            "The Hub parses card metadata with PyYAML, which keeps the last value of a repeated key; huggingface_hub reads front "
            + "matter after leading blank lines. Gate follows both so that the lineage it reads from a card is the lineage the Hub shows.",
        Resolution: "Remove the repeated key from the card (or leave it: the finding is a warning), or set 'model-card-slip: off' in gate.yaml's 'rules:'.");

    RuleDefinition IRule.Definition => Definition;

    public IEnumerable<Finding> Evaluate(EvaluationContext context) =>
        context.CardWarnings.Select(w => Finding.Of(Definition, w.Location.File, w.Message, w.Location));
}
