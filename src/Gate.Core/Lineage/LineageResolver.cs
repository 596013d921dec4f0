namespace Gate.Core.Lineage;

/// <summary>
/// Answers lineage questions over a <see cref="ModelRegistry"/>: ancestries, the nearest shared
/// initialization of two models, behavioural matches. Results are memoised per model.
/// </summary>
internal sealed class LineageResolver(ModelRegistry registry)
{
    private readonly Dictionary<string, Ancestry> _cache = new(ModelId.Comparer);

    public ModelRegistry Registry => registry;

    /// <summary>The ancestry of <paramref name="model"/>; an unknown model is its own only ancestor, unresolved.</summary>
    public Ancestry GetAncestry(string model)
    {
        string start = registry.Canonical(model);
        if (_cache.TryGetValue(start, out Ancestry? cached))
        {
            return cached;
        }

        var distances = new Dictionary<string, int>(ModelId.Comparer) { [start] = 0 };
        var unresolved = new List<UnresolvedModel>();
        var families = new SortedSet<string>(ModelId.Comparer);
        var behavioural = new List<BehaviouralParent>();
        var queue = new Queue<(string Id, UnresolvedModel? IfUnknown)>();
        queue.Enqueue((start, new UnresolvedModel(start, UnresolvedModel.NotDeclaredReason, null)));

        // Breadth-first, so the first time a model is reached is along a shortest path.
        while (queue.Count > 0)
        {
            var (id, ifUnknown) = queue.Dequeue();
            if (registry.Find(id) is not { } declaration)
            {
                unresolved.Add(registry.UnknownReason(id) is { } known ? ifUnknown! with { Reason = known.Reason, Advice = known.Advice } : ifUnknown!);
                continue;
            }

            if (declaration.Family is { } family)
            {
                families.Add(family.Value);
            }

            foreach (var teacher in declaration.DistilledFrom)
            {
                behavioural.Add(new BehaviouralParent(declaration.Id.Value, teacher));
            }

            if (UnresolvedModel.ReasonOf(declaration) is { } reason)
            {
                unresolved.Add(new UnresolvedModel(declaration.Id.Value, reason, declaration.Id.Location) { Advice = UnresolvedModel.AdviceOf(declaration) });
                continue;
            }

            foreach (var parent in declaration.Bases)
            {
                string parentId = registry.Canonical(parent.Value);
                if (distances.TryAdd(parentId, distances[id] + 1))
                {
                    queue.Enqueue((parentId, new UnresolvedModel(parentId, UnresolvedModel.NotDeclaredReason, parent.Location)));
                }
            }
        }

        var ancestry = new Ancestry(start, distances, unresolved, [.. families], behavioural);
        _cache[start] = ancestry;
        return ancestry;
    }

    /// <summary>
    /// The nearest model both ancestries contain: the fewest edges in total, then the most balanced,
    /// then by id, so the answer is the same whichever model is asked first.
    /// </summary>
    public static string? NearestSharedAncestor(Ancestry a, Ancestry b)
    {
        string? best = null;
        (int Total, int Max) bestScore = (int.MaxValue, int.MaxValue);
        foreach (var (id, da) in a.Distances)
        {
            if (!b.Distances.TryGetValue(id, out int db))
            {
                continue;
            }

            var score = (da + db, Math.Max(da, db));
            if (score.CompareTo(bestScore) < 0 || (score == bestScore && string.CompareOrdinal(id, best) < 0))
            {
                best = id;
                bestScore = score;
            }
        }

        return best;
    }

    public string? NearestSharedAncestor(string a, string b) => NearestSharedAncestor(GetAncestry(a), GetAncestry(b));

    /// <summary>
    /// A behavioural match between two models: one of them, or a weight ancestor of it, was distilled
    /// from a model that shares an initialization with the other. Checked in both directions.
    /// </summary>
    /// <remarks>The student's distillation parents are followed through <paramref name="studentSide"/> (the policy's own registry).</remarks>
    public BehaviouralMatch? FindBehaviouralMatch(Ancestry teacher, Ancestry student, LineageResolver studentSide) =>
        studentSide.FindOneWay(student, teacher, distilledSide: "student") ?? FindOneWay(teacher, student, distilledSide: "teacher");

    /// <summary>The unresolved models behind the distillation parents of an ancestry (fail closed on them too).</summary>
    public IEnumerable<UnresolvedModel> UnresolvedBehaviouralParents(Ancestry ancestry) =>
        ancestry.BehaviouralParents.SelectMany(p => GetAncestry(p.Teacher.Value).Unresolved
            .Select(u => u.ReferencedAt is null ? u with { ReferencedAt = p.Teacher.Location } : u));

    /// <summary>The families two ancestries have in common.</summary>
    public static IReadOnlyList<string> SharedFamilies(Ancestry a, Ancestry b) =>
        a.Families.Intersect(b.Families, ModelId.Comparer).ToArray();

    private BehaviouralMatch? FindOneWay(Ancestry distilled, Ancestry other, string distilledSide)
    {
        foreach (BehaviouralParent parent in distilled.BehaviouralParents)
        {
            Ancestry source = GetAncestry(parent.Teacher.Value);
            if (NearestSharedAncestor(source, other) is { } shared)
            {
                return new BehaviouralMatch(parent.Student, registry.Canonical(parent.Teacher.Value), shared, distilledSide);
            }
        }

        return null;
    }
}
