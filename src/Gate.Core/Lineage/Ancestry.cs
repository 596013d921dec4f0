namespace Gate.Core.Lineage;

/// <summary>
/// A model's resolved weight ancestry: itself and every model reachable along <c>base</c> edges,
/// each with its distance, plus what could not be resolved, the families it inherits and its
/// behavioural (distillation) parents anywhere on that ancestry.
/// </summary>
public sealed record Ancestry(
    string Model,
    IReadOnlyDictionary<string, int> Distances,
    IReadOnlyList<UnresolvedModel> Unresolved,
    IReadOnlyList<string> Families,
    IReadOnlyList<BehaviouralParent> BehaviouralParents)
{
    public bool IsFullyResolved => Unresolved.Count == 0;
}
