using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Lineage;

/// <summary>
/// A model's ancestry as a tree for people (<c>gate lineage</c>): each node with how it was
/// declared, its weight parents and its distillation parents. A model reached a second time
/// (through a merge) is marked <see cref="Repeated"/> and not expanded again.
/// </summary>
public sealed record LineageNode(
    string Id,
    bool Known,
    bool IsRoot,
    string? Family,
    string? Relation,
    ModelSource? Source,
    SourceLocation? DeclaredAt,
    string? Unresolved,
    bool Repeated,
    IReadOnlyList<LineageNode> Parents,
    IReadOnlyList<string> DistilledFrom)
{
    /// <summary>
    /// Generations shown below the model asked about. The tree is for people; a registry may hold a
    /// chain of thousands of fine-tunes, which would make an unreadable tree (and, built by
    /// recursion, an overflowing stack). Deeper ancestors are marked <see cref="Truncated"/>; the
    /// flat list of every ancestor (<c>--format json</c>'s <c>ancestors</c>) still has them all.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>The node has weight parents that are not shown: it lies <see cref="MaxDepth"/> generations down.</summary>
    public bool Truncated { get; init; }

    /// <summary>For a model from the Hub, the revision its card was read at.</summary>
    public string? Revision { get; init; }

    /// <summary>Where the node's edges come from, for people: the registry's line, the card, the Hub at a revision, the catalog and its source.</summary>
    public string? Origin => Source switch
    {
        ModelSource.Hub => $"from the Hugging Face Hub at revision {Revision?[..Math.Min(12, Revision.Length)]}, recorded at {DeclaredAt}",
        ModelSource.Catalog => "from Gate's built-in catalog",
        ModelSource.ModelCard => $"from the model card {DeclaredAt?.File}",
        _ => DeclaredAt?.ToString(),
    };

    public static LineageNode Build(ModelRegistry registry, string model)
    {
        var seen = new HashSet<string>(ModelId.Comparer);
        return Visit(registry, registry.Canonical(model), seen, 0);
    }

    private static LineageNode Visit(ModelRegistry registry, string id, HashSet<string> seen, int depth)
    {
        ModelDeclaration? declaration = registry.Find(id);
        if (declaration is null)
        {
            string reason = registry.UnknownReason(id) is { } known
                ? (known.Reason.StartsWith("is ", StringComparison.Ordinal) ? known.Reason[3..] : known.Reason)
                : UnresolvedModel.NotDeclared;
            return new LineageNode(id, false, false, null, null, null, null, reason, false, [], []);
        }

        bool repeated = !seen.Add(declaration.Id.Value);
        string? unresolved = UnresolvedModel.ReasonOf(declaration);
        string? relation = declaration.Relation?.Value ?? (declaration.Bases.Count switch { 0 => null, 1 => "finetune", _ => "merge" });
        bool truncated = !repeated && depth >= MaxDepth && declaration.Bases.Count > 0;
        IReadOnlyList<LineageNode> parents = repeated || truncated
            ? []
            : declaration.Bases.Select(b => Visit(registry, registry.Canonical(b.Value), seen, depth + 1)).ToArray();
        return new LineageNode(declaration.Id.Value, true, declaration.IsRoot, declaration.Family?.Value, relation, declaration.Source,
            declaration.Id.Location, unresolved, repeated, parents, declaration.DistilledFrom.Select(d => registry.Canonical(d.Value)).ToArray())
        {
            Truncated = truncated,
            Revision = declaration.Revision,
        };
    }
}
