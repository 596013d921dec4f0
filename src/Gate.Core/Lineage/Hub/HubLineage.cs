using Gate.Core.Diagnostics;
using Gate.Core.Locking;
using Gate.Core.Policy;

namespace Gate.Core.Lineage;

/// <summary>
/// Resolves on the Hub every model a workspace's lineage reaches that no other source declares, and
/// follows each chain to its end: ask for the unknown models, add the answers, resolve again, until
/// nothing new is unknown. Answers already in the lock are kept as recorded (the lock pins them) unless
/// a refresh asks the Hub again. Only models the lineage still reaches are returned.
/// </summary>
internal static class HubLineage
{
    public static IReadOnlyList<LockedHubModel> Resolve(
        GatePolicy policy, ModelCardSet cards, IReadOnlyList<string> seeds, IReadOnlyList<LockedHubModel> recorded,
        HubConnection connection, bool refresh, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, LockedHubModel>(ModelId.Comparer);
        if (!refresh)
        {
            foreach (LockedHubModel model in recorded)
            {
                answers[model.Id] = model with { Line = 0 };
            }
        }

        HubClient? client = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ModelRegistry registry = ModelRegistry.Build(policy, cards, [.. answers.Values], new InputErrorSink());
                var (known, unresolved) = Reached(registry, seeds);
                string[] unknown = unresolved.Where(id => !answers.ContainsKey(id)).ToArray();
                if (unknown.Length == 0)
                {
                    return Keep(answers, known);
                }

                if (connection.Offline)
                {
                    throw new GateInputException(new InputError(InputErrorKind.HubUnavailable,
                        $"HF_HUB_OFFLINE is set, and the lock does not hold the Hub's answer for {string.Join(", ", unknown.Order(StringComparer.Ordinal))}; run 'gate lock' with network access, or declare them in gate.yaml's 'models:'",
                        null));
                }

                if (answers.Count + unknown.Length > connection.MaxModels)
                {
                    throw new GateInputException(new InputError(InputErrorKind.HubUnavailable,
                        $"the lineage reaches more than {connection.MaxModels} models on the Hub; declare the long chains in gate.yaml's 'models:'", null));
                }

                ThrowOnSettingProblem(connection);
                client ??= new HubClient(connection);
                foreach (var (asked, answer) in Ask(client, unknown, null, connection.MaxConcurrency, cancellationToken))
                {
                    if (answer is null)
                    {
                        answers[asked] = new LockedHubModel(asked, LockedHubModel.NotFound, null, [], null, null);
                    }
                    else if (!ModelId.Same(answer.Id, asked))
                    {
                        answers[asked] = new LockedHubModel(asked, LockedHubModel.Renamed, null, [], null, answer.Id);
                        answers.TryAdd(answer.Id, Found(answer));
                    }
                    else
                    {
                        answers[asked] = Found(answer);
                    }
                }
            }
        }
        finally
        {
            client?.Dispose();
        }
    }

    /// <summary>
    /// Asks the Hub again for every recorded answer that lineage could be bent with, at the revision
    /// it records (an answer at a fixed revision never changes): a found model must still have the
    /// recorded bases and relation there, a renamed one must still redirect to the recorded id.
    /// Returns one problem per answer the Hub does not confirm (at the lock's line), in id order.
    /// A model recorded as not found is not asked: it can only fail a check (GATE004), never pass one.
    /// </summary>
    public static IReadOnlyList<InputError> Verify(IReadOnlyList<LockedHubModel> recorded, HubConnection connection, CancellationToken cancellationToken)
    {
        LockedHubModel[] asked = [.. recorded.Where(m => m.Status != LockedHubModel.NotFound)];
        if (asked.Length == 0)
        {
            return [];
        }

        if (connection.Offline)
        {
            throw new GateInputException(new InputError(InputErrorKind.HubUnavailable,
                "HF_HUB_OFFLINE is set, so the Hub lineage recorded in gate.lock.json cannot be verified; unset it, or check without --verify-lineage", null));
        }

        ThrowOnSettingProblem(connection);
        using var client = new HubClient(connection);
        var answers = Ask(client, [.. asked.Select(m => m.Id)], asked.Select(m => m.Revision).ToArray(), connection.MaxConcurrency, cancellationToken);
        var problems = new List<InputError>();
        for (int i = 0; i < asked.Length; i++)
        {
            LockedHubModel model = asked[i];
            HubAnswer? answer = answers[i].Answer;
            LockedHubModel? now = answer is null ? null
                : !ModelId.Same(answer.Id, model.Id) ? new LockedHubModel(model.Id, LockedHubModel.Renamed, null, [], null, answer.Id)
                : Found(answer);
            if (now is null || Describe(now) != Describe(model))
            {
                problems.Add(new InputError(InputErrorKind.InvalidLock,
                    $"the Hub does not confirm the lineage gate.lock.json records for {model.Id}: the lock says '{Describe(model)}'"
                    + $"{(model.Revision is { } r ? $" at revision {r}" : string.Empty)}, the Hub says '{(now is null ? "not found" : Describe(now))}'; "
                    + "the lock was edited or the Hub rewrote its history: re-run 'gate lock --refresh-lineage' and review the change",
                    new SourceLocation(LockFile.FileName, Math.Max(model.Line, 0), model.Line > 0 ? 1 : 0)));
            }
        }

        return problems;
    }

    /// <summary>A host setting that cannot be used (a malformed HF_ENDPOINT, a token that is no token) is GATE110 once the Hub is asked.</summary>
    private static void ThrowOnSettingProblem(HubConnection connection)
    {
        if ((connection.EndpointProblem ?? connection.TokenProblem) is { } problem)
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidArgument, problem, null));
        }
    }

    /// <summary>What a refresh changed, one line per model, in id order.</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyList<LockedHubModel> before, IReadOnlyList<LockedHubModel> after)
    {
        var old = before.ToDictionary(m => m.Id, ModelId.Comparer);
        var now = after.ToDictionary(m => m.Id, ModelId.Comparer);
        var lines = new List<string>();
        foreach (string id in old.Keys.Union(now.Keys, ModelId.Comparer).Order(ModelId.Comparer))
        {
            old.TryGetValue(id, out LockedHubModel? a);
            now.TryGetValue(id, out LockedHubModel? b);
            string? change = (a, b) switch
            {
                (null, { }) => $"{id}: newly resolved: {Describe(b)}",
                ({ }, null) => $"{id}: no longer reached by any lineage; dropped",
                ({ }, { }) when Describe(a) != Describe(b) => $"{id}: {Describe(a)} → {Describe(b)}",
                ({ }, { }) when a.Revision != b.Revision => $"{id}: revision {Short(a.Revision)} → {Short(b.Revision)}, lineage unchanged",
                _ => null,
            };
            if (change is not null)
            {
                lines.Add(change);
            }
        }

        return lines;
    }

    private static string Describe(LockedHubModel m) => m.Status switch
    {
        LockedHubModel.NotFound => "not found on the Hub",
        LockedHubModel.Renamed => $"renamed to {m.RenamedTo}",
        _ when m.Bases.Count == 0 => "its card declares no base_model",
        _ => $"{m.Relation ?? (m.Bases.Count > 1 ? "merge" : "finetune")} of {string.Join(" + ", m.Bases)}",
    };

    private static string Short(string? revision) => revision is null ? "none" : revision[..Math.Min(12, revision.Length)];

    private static LockedHubModel Found(HubAnswer answer) =>
        new(answer.Id, LockedHubModel.Found, answer.Revision, answer.Bases, answer.Relation, null);

    /// <summary>Every model the seeds' lineage reaches (weights and distillation), and those of them no source declares.</summary>
    private static (HashSet<string> Known, HashSet<string> Unknown) Reached(ModelRegistry registry, IReadOnlyList<string> seeds)
    {
        var resolver = new LineageResolver(registry);
        var known = new HashSet<string>(ModelId.Comparer);
        var unknown = new HashSet<string>(ModelId.Comparer);
        var pending = new Stack<string>(seeds);
        var visited = new HashSet<string>(ModelId.Comparer);
        while (pending.TryPop(out string? seed))
        {
            if (!visited.Add(registry.Canonical(seed)))
            {
                continue;
            }

            Ancestry ancestry = resolver.GetAncestry(seed);
            known.UnionWith(ancestry.Distances.Keys);
            foreach (UnresolvedModel model in ancestry.Unresolved.Where(u => registry.Find(u.Id) is null))
            {
                unknown.Add(model.Id);
            }

            foreach (BehaviouralParent parent in ancestry.BehaviouralParents)
            {
                pending.Push(parent.Teacher.Value);
            }
        }

        return (known, unknown);
    }

    /// <summary>The answers the lineage still reaches; a renamed id stays while the model it names does.</summary>
    private static LockedHubModel[] Keep(Dictionary<string, LockedHubModel> answers, HashSet<string> reached) =>
        answers.Values
            .Where(a => reached.Contains(a.Id) || (a.RenamedTo is { } to && reached.Contains(to)))
            .Order(Comparer<LockedHubModel>.Create((a, b) => LockFileReader.HubModelOrder(a.Id, b.Id)))
            .ToArray();

    private static List<(string Asked, HubAnswer? Answer)> Ask(HubClient client, IReadOnlyList<string> ids, IReadOnlyList<string?>? revisions, int concurrency, CancellationToken cancellationToken)
    {
        var results = new (string, HubAnswer?)[ids.Count];
        Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = (ids[i], await client.GetModelAsync(ids[i], revisions?[i], ct).ConfigureAwait(false)))
            .GetAwaiter().GetResult();
        return [.. results];
    }
}
