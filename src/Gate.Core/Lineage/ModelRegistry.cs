using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Lineage;

/// <summary>
/// Every model whose lineage Gate knows: the policy's registry, the students that state a base, and
/// model cards (the registry wins where both speak of one model). Ids compare case-insensitively,
/// as on the Hugging Face Hub; aliases fold to their model.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelDeclaration> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);

    private ModelRegistry() { }

    public IEnumerable<ModelDeclaration> Models => _models.Values.OrderBy(m => m.Id.Value, StringComparer.Ordinal);

    /// <summary>Builds the registry; conflicts (GATE109) and cycles (GATE108) go to <paramref name="errors"/>.</summary>
    public static ModelRegistry Build(GatePolicy policy, IEnumerable<ModelDeclaration> cards, InputErrorSink errors)
    {
        var registry = new ModelRegistry();
        foreach (ModelDeclaration model in policy.Models)
        {
            registry.AddDeclared(model, errors);
        }

        foreach (StudentDeclaration student in policy.Students)
        {
            if (student.Model is { } model)
            {
                registry.AddDeclared(model, errors);
            }
        }

        foreach (var group in cards.GroupBy(c => c.Id.Value, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (registry.Find(group.Key) is not null)
            {
                continue; // the registry wins
            }

            ModelDeclaration first = group.First();
            var bases = group.SelectMany(c => c.Bases).DistinctBy(b => b.Value, StringComparer.OrdinalIgnoreCase).ToList();
            registry._models[first.Id.Value] = first with { Bases = bases };
        }

        registry.ReportCycles(errors);
        return registry;
    }

    /// <summary>The declaration of a model, by id or alias.</summary>
    public ModelDeclaration? Find(string id)
    {
        if (_models.TryGetValue(id, out ModelDeclaration? model))
        {
            return model;
        }

        return _aliases.TryGetValue(id, out string? canonical) ? _models[canonical] : null;
    }

    /// <summary>The id a model is known by in the registry, or the id as written when it is unknown.</summary>
    public string Canonical(string id) => Find(id)?.Id.Value ?? id;

    public bool SameModel(string a, string b) => string.Equals(Canonical(a), Canonical(b), StringComparison.OrdinalIgnoreCase);

    private void AddDeclared(ModelDeclaration model, InputErrorSink errors)
    {
        string id = model.Id.Value;
        if (Find(id) is { } existing)
        {
            errors.Add(InputErrorKind.ConflictingDeclaration,
                $"the model '{id}' is declared twice (also at {existing.Id.Location}); keep one declaration", model.Id.Location);
            return;
        }

        foreach (Located<string> alias in model.Aliases)
        {
            if (Find(alias.Value) is { } other || _aliases.ContainsKey(alias.Value) || string.Equals(alias.Value, id, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(InputErrorKind.ConflictingDeclaration,
                    $"the alias '{alias.Value}' of '{id}' already names another model or alias", alias.Location);
            }
        }

        _models[id] = model;
        foreach (Located<string> alias in model.Aliases)
        {
            _aliases.TryAdd(alias.Value, id);
        }
    }

    private void ReportCycles(InputErrorSink errors)
    {
        // Depth-first search over weight edges; a grey node reached again closes a cycle.
        var state = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase); // false: on the path, true: done
        var path = new List<(string Id, Located<string>? Via)>();
        foreach (ModelDeclaration model in Models)
        {
            Visit(model.Id.Value, null);
        }

        void Visit(string id, Located<string>? via)
        {
            string canonical = Canonical(id);
            if (state.TryGetValue(canonical, out bool done))
            {
                if (!done)
                {
                    int start = path.FindIndex(p => string.Equals(p.Id, canonical, StringComparison.OrdinalIgnoreCase));
                    IEnumerable<string> names = path.Skip(start).Select(p => p.Id).Append(canonical);
                    SourceLocation at = via?.Location ?? Find(canonical)!.Id.Location;
                    errors.Add(InputErrorKind.LineageCycle,
                        $"the models' bases form a cycle: {string.Join(" → ", names)}; one of them must be a root or have another base", at);
                }

                return;
            }

            if (Find(canonical) is not { } model)
            {
                return;
            }

            state[canonical] = false;
            path.Add((canonical, via));
            foreach (Located<string> parent in model.Bases)
            {
                Visit(parent.Value, parent);
            }

            path.RemoveAt(path.Count - 1);
            state[canonical] = true;
        }
    }
}
