using Gate.Core.Lineage;
using Gate.Core.Policy;

namespace Gate.Core.Rules;

/// <summary>GATE004: a model on some lineage path cannot be resolved to a root — Gate fails closed.</summary>
internal sealed class UnknownModelRule : IRule
{
    public static RuleDefinition Definition { get; } = new(
        Code: "GATE004",
        Name: "unknown-model",
        DefaultSeverity: Severity.Error,
        Summary: "A teacher, student, rewriter or one of their ancestors cannot be resolved to a root through the registry, the built-in catalog, model cards and the Hub lineage in the lock.",
        Explanation:
            "Gate fails closed: a model whose ancestry it cannot follow might share an initialization with the other side, and "
            + "silence would read as a pass. Every registry entry must state 'base' or 'root: true'; model cards add entries from "
            + "'base_model' (README front matter) or 'base_model_name_or_path' (PEFT adapter_config.json), but a card without a base "
            + "does not make its model a root, and neither does a Hub model whose card names no base (most fine-tunes on the Hub name "
            + "none): a root is a model gate.yaml says is one, or an entry of the built-in catalog of pretrained models when the policy "
            + "turns it on ('catalog: builtin'). A card in the checked folder, like the Hub lineage 'gate lock' records in the lock, is "
            + "as much a pull request's as its data, so it may describe teachers and rewriters, never the models a student descends "
            + "from: the students' side resolves through gate.yaml and the catalog alone.",
        Evidence:
            "Model cards are incomplete: some fine-tunes name no base_model at all, distillation teachers are often recorded only in "
            + "prose, and models are renamed (meta-llama/Meta-Llama-3.1-8B is meta-llama/Llama-3.1-8B).",
        Resolution:
            "Add the model to 'models:' in gate.yaml with its 'base' (and 'relation'), or 'root: true' if it was pretrained from "
            + "scratch; add 'aliases' for renamed models; commit its model card under a 'model-cards' glob; or turn on 'hub:' in "
            + "gate.yaml and run 'gate lock' to record its lineage from the Hugging Face Hub.");

    RuleDefinition IRule.Definition => Definition;

    /// <summary>
    /// One finding per unresolved model and exact (dataset, teacher, student): a waiver scoped to
    /// one student then covers that student's finding and no other's, whatever order the lists are in.
    /// </summary>
    public IEnumerable<Finding> Evaluate(EvaluationContext context)
    {
        var suggestions = new Typos(context.Resolver.Registry);
        foreach (LineagePair pair in context.Pairs)
        {
            var reported = new HashSet<string>(ModelId.Comparer);
            var sides = new (IEnumerable<UnresolvedModel> Unresolved, Diagnostics.SourceLocation NamedAt, string Role)[]
            {
                (pair.TeacherAncestry.Unresolved.Concat(context.Resolver.UnresolvedBehaviouralParents(pair.TeacherAncestry)), pair.Teacher.Location, "teacher"),
                (pair.StudentAncestry.Unresolved.Concat(context.StudentResolver.UnresolvedBehaviouralParents(pair.StudentAncestry)), pair.Student.Location, "student"),
            };
            foreach (var (unresolved, namedAt, role) in sides)
            {
                foreach (UnresolvedModel model in unresolved)
                {
                    if (reported.Add(model.Id))
                    {
                        string subject = model.ReferencedAt is null ? $"the {role} {model.Id}" : $"{model.Id}, in the lineage of the {role} {(role == "teacher" ? pair.TeacherId : pair.StudentId)},";
                        yield return Finding.Of(Definition, pair.Dataset.Path,
                            $"{subject} {model.Reason}{suggestions.For(model)}, so a shared initialization of the teacher {pair.TeacherId} and the student {pair.StudentId} cannot be ruled out",
                            model.ReferencedAt ?? namedAt, pair.TeacherId, pair.StudentId)
                            .WithAdvice(model.Advice);
                    }
                }
            }
        }

        var rewriters = new HashSet<(string Dataset, string Model)>();
        foreach (MitigationAssessment assessment in context.Mitigations)
        {
            foreach (UnresolvedModel model in assessment.UnresolvedRewriter)
            {
                if (rewriters.Add((assessment.Dataset.Path, ModelId.Key(model.Id))))
                {
                    yield return Finding.Of(Definition, assessment.Dataset.Path,
                        $"the rewriter's lineage cannot be resolved: {model.Id} {model.Reason}, so the '{assessment.Claim.Kind.Value}' mitigation cannot be trusted; add it to 'models:' in gate.yaml",
                        model.ReferencedAt!.Value);
                }
            }
        }
    }

    /// <summary>
    /// "Did you mean …" for a model no source declares: the closest id or alias the registry knows,
    /// when it is plausibly a typo (<c>deepseek-ai/DeepSek-R1</c>). Each id is looked up once.
    /// </summary>
    private sealed class Typos(ModelRegistry registry)
    {
        private readonly Dictionary<string, string> _found = new(ModelId.Comparer);
        private string[]? _known;

        public string For(UnresolvedModel model)
        {
            if (model.Reason != UnresolvedModel.NotDeclaredReason)
            {
                return string.Empty;
            }

            if (!_found.TryGetValue(model.Id, out string? text))
            {
                _known ??= [.. registry.Models.SelectMany(m => m.Aliases.Select(a => a.Value).Prepend(m.Id.Value)).Distinct(ModelId.Comparer)];
                int allowed = Math.Max(2, model.Id.Length / 3);
                string? closest = Yaml.Suggestions.Closest(model.Id, _known.Where(k => Math.Abs(k.Length - model.Id.Length) <= allowed));
                text = closest is null ? string.Empty : $" (did you mean {closest}?)";
                _found[model.Id] = text;
            }

            return text;
        }
    }
}
