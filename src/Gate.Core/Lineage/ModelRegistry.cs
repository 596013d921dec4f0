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
    private readonly Dictionary<string, ModelDeclaration> _models = new(ModelId.Comparer);
    private readonly Dictionary<string, string> _aliases = new(ModelId.Comparer);
    private readonly HashSet<string> _leftOutCards = new(ModelId.Comparer);

    private ModelRegistry() { }

    /// <summary>
    /// The registry as gate.yaml alone declares it: model cards left out. A card in the checked
    /// folder is as much a pull request's as its data, so it may describe the teachers and
    /// rewriters a change brings, but never the models the policy's students descend from: the
    /// students' side of every comparison resolves through this view.
    /// </summary>
    public ModelRegistry WithoutModelCards()
    {
        var trusted = new ModelRegistry();
        foreach (ModelDeclaration model in _models.Values)
        {
            if (model.Source == ModelSource.ModelCard)
            {
                trusted._leftOutCards.Add(model.Id.Value);
            }
            else
            {
                trusted._models[model.Id.Value] = model;
            }
        }

        foreach (var (alias, canonical) in _aliases)
        {
            trusted._aliases[alias] = canonical;
        }

        return trusted;
    }

    /// <summary>Whether a model card describes <paramref name="id"/> but this view leaves cards out (<see cref="WithoutModelCards"/>).</summary>
    public bool IsLeftOutCard(string id) => _leftOutCards.Contains(id);

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

        foreach (var group in cards.GroupBy(c => c.Id.Value, ModelId.Comparer).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (registry.Find(group.Key) is not null)
            {
                continue; // the registry wins
            }

            ModelDeclaration first = group.First();
            var bases = group.SelectMany(c => c.Bases).DistinctBy(b => b.Value, ModelId.Comparer).ToList();
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

    public bool SameModel(string a, string b) => ModelId.Same(Canonical(a), Canonical(b));

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
            if (Find(alias.Value) is { } other || _aliases.ContainsKey(alias.Value) || ModelId.Same(alias.Value, id))
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

    /// <summary>
    /// Depth-first search over weight edges with an explicit stack (a registry may hold a chain of any
    /// length); a model reached again while still on the path closes a cycle.
    /// </summary>
    private void ReportCycles(InputErrorSink errors)
    {
        var state = new Dictionary<string, bool>(ModelId.Comparer); // false: on the path, true: done
        var path = new List<(string Id, Located<string>? Via, IReadOnlyList<Located<string>> Bases, int Next)>();
        foreach (ModelDeclaration model in Models)
        {
            Enter(model.Id.Value, null);
            while (path.Count > 0)
            {
                var (id, via, bases, next) = path[^1];
                if (next == bases.Count)
                {
                    state[id] = true;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                path[^1] = (id, via, bases, next + 1);
                Enter(bases[next].Value, bases[next]);
            }
        }

        void Enter(string id, Located<string>? via)
        {
            string canonical = Canonical(id);
            if (state.TryGetValue(canonical, out bool done))
            {
                if (!done)
                {
                    int start = path.FindIndex(p => ModelId.Same(p.Id, canonical));
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
            path.Add((canonical, via, model.Bases, 0));
        }
    }
}
