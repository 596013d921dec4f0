using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Lineage;

/// <summary>
/// Every model whose lineage Gate knows, from four sources in order of trust: the policy's registry
/// and its students, Gate's built-in catalog (when the policy turns it on), model cards committed in
/// the checked folder, and the Hugging Face Hub's answers recorded in the lock. An earlier source
/// wins where two speak of one model. Ids compare case-insensitively, as on the Hub; aliases fold
/// to their model.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelDeclaration> _models = new(ModelId.Comparer);
    private readonly Dictionary<string, string> _aliases = new(ModelId.Comparer);

    /// <summary>Aliases that only the pull request's sources (a card, the lock's Hub answers) declare: the students' view leaves them out.</summary>
    private readonly HashSet<string> _untrustedAliases = new(ModelId.Comparer);
    private readonly Dictionary<string, ModelSource> _leftOut = new(ModelId.Comparer);
    private readonly Dictionary<string, (string Reason, string Advice)> _unknown = new(ModelId.Comparer);

    private ModelRegistry() { }

    /// <summary>
    /// The registry as gate.yaml alone vouches for it: model cards and the lock's Hub answers left
    /// out. Both are as much a pull request's as its data, so they may describe the teachers and
    /// rewriters a change brings, but never the models the policy's students descend from: the
    /// students' side of every comparison resolves through this view.
    /// </summary>
    public ModelRegistry WithoutModelCards()
    {
        var trusted = new ModelRegistry();
        foreach (ModelDeclaration model in _models.Values)
        {
            if (model.Source is ModelSource.ModelCard or ModelSource.Hub)
            {
                trusted._leftOut[model.Id.Value] = model.Source;
            }
            else
            {
                trusted._models[model.Id.Value] = model;
            }
        }

        foreach (var (alias, canonical) in _aliases)
        {
            if (trusted._models.ContainsKey(canonical) && !_untrustedAliases.Contains(alias))
            {
                trusted._aliases[alias] = canonical;
            }
            else if (_untrustedAliases.Contains(alias))
            {
                trusted._leftOut[alias] = ModelSource.Hub;
            }
        }

        return trusted;
    }

    public IEnumerable<ModelDeclaration> Models => _models.Values.OrderBy(m => m.Id.Value, StringComparer.Ordinal);

    /// <summary>Builds the registry; conflicts (GATE109) and cycles (GATE108) go to <paramref name="errors"/>.</summary>
    public static ModelRegistry Build(GatePolicy policy, IEnumerable<ModelDeclaration> cards, InputErrorSink errors) =>
        Build(policy, new ModelCardSet([.. cards], [], []), [], errors);

    /// <summary>Builds the registry from every source; conflicts (GATE109) and cycles (GATE108) go to <paramref name="errors"/>.</summary>
    internal static ModelRegistry Build(GatePolicy policy, ModelCardSet cards, IReadOnlyList<Locking.LockedHubModel> hub, InputErrorSink errors)
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

        if (policy.UsesBuiltinCatalog)
        {
            foreach (ModelDeclaration entry in BuiltinCatalog.Models)
            {
                registry.AddIfUnknown(entry);
            }
        }

        foreach (var group in cards.Declarations.GroupBy(c => c.Id.Value, ModelId.Comparer).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            ModelDeclaration first = group.First();
            registry.AddIfUnknown(first with { Bases = group.SelectMany(c => c.Bases).DistinctBy(b => b.Value, ModelId.Comparer).ToList() });
        }

        registry.AddHubAnswers(hub);
        foreach (Located<string> card in cards.WithoutBase)
        {
            registry._unknown.TryAdd(card.Value, ($"is described by its model card {card.Location.File}, which declares no base_model", UnresolvedModel.DeclareBaseAdvice));
        }

        registry.ReportCycles(errors);
        return registry;
    }

    /// <summary>
    /// Why <paramref name="id"/>, which no source declares, is unknown, when a source said something of it
    /// (its card names no base, the Hub did not find it, only a view's left-out source describes it).
    /// </summary>
    internal (string Reason, string Advice)? UnknownReason(string id)
    {
        if (_leftOut.TryGetValue(id, out ModelSource source))
        {
            return (source == ModelSource.Hub ? UnresolvedModel.HubOnlyForStudentReason : UnresolvedModel.CardOnlyForStudentReason, UnresolvedModel.DeclareBaseAdvice);
        }

        return _unknown.TryGetValue(id, out var reason) ? reason : null;
    }

    /// <summary>A source below the policy adds a model only when no earlier source declared it; its aliases only where they name nothing yet.</summary>
    private void AddIfUnknown(ModelDeclaration model)
    {
        if (Find(model.Id.Value) is not null)
        {
            return;
        }

        _models[model.Id.Value] = model;
        foreach (Located<string> alias in model.Aliases)
        {
            if (Find(alias.Value) is null)
            {
                _aliases[alias.Value] = model.Id.Value;
                if (model.Source is ModelSource.ModelCard or ModelSource.Hub)
                {
                    _untrustedAliases.Add(alias.Value);
                }
            }
        }
    }

    private void AddHubAnswers(IReadOnlyList<Locking.LockedHubModel> hub)
    {
        foreach (Locking.LockedHubModel answer in hub)
        {
            var at = new SourceLocation(Locking.LockFile.FileName, Math.Max(answer.Line, 0), answer.Line > 0 ? 1 : 0);
            switch (answer.Status)
            {
                case Locking.LockedHubModel.Found:
                    AddIfUnknown(new ModelDeclaration(
                        new Located<string>(answer.Id, at),
                        [.. answer.Bases.Select(b => new Located<string>(b, at))],
                        answer.Relation is { } relation ? new Located<string>(relation, at) : null,
                        null, null, [], [], ModelSource.Hub)
                    {
                        Revision = answer.Revision,
                    });
                    break;
                case Locking.LockedHubModel.NotFound:
                    _unknown.TryAdd(answer.Id, ("was not found on the Hugging Face Hub when 'gate lock' asked", UnresolvedModel.DeclareBaseAdvice));
                    break;
            }
        }

        // A renamed model is an alias of the id the Hub serves it under, once that one is known.
        foreach (Locking.LockedHubModel answer in hub.Where(a => a.Status == Locking.LockedHubModel.Renamed))
        {
            if (Find(answer.Id) is null && Find(answer.RenamedTo!) is { } renamed)
            {
                _aliases[answer.Id] = renamed.Id.Value;
                _untrustedAliases.Add(answer.Id);
            }
        }
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
