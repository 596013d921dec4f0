using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Lineage;

/// <summary>
/// What the model cards in the checked folder say: the models they give a base, the models whose
/// committed card names none (so GATE004 can say so rather than ask for the card again), and the
/// slips read past with a warning.
/// </summary>
internal sealed record ModelCardSet(
    IReadOnlyList<ModelDeclaration> Declarations,
    IReadOnlyList<Located<string>> WithoutBase,
    IReadOnlyList<CardWarning> Warnings);
