using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Lineage;

/// <summary>
/// A model on a lineage path that cannot be followed to a root, so a shared initialization cannot
/// be ruled out. <see cref="ReferencedAt"/> is where the path names it (null: the model asked about).
/// </summary>
public sealed record UnresolvedModel(string Id, string Reason, SourceLocation? ReferencedAt)
{
    /// <summary>What a person can do, as GATE004 ends its message.</summary>
    public string Advice { get; init; } = DefaultAdvice;

    internal const string DefaultAdvice = "add it to 'models:' in gate.yaml with 'base' or 'root: true', or commit its model card";

    /// <summary>The advice when the model's card was read and says nothing of its base: asking for the card again would not help.</summary>
    internal const string DeclareBaseAdvice = "add it to 'models:' in gate.yaml with its 'base', or 'root: true' if it was pretrained from scratch";

    /// <summary>Why a model only the lock's Hub answers describe is unresolved on a student's side.</summary>
    internal const string HubOnlyForStudentReason =
        "is described only by the Hub lineage recorded in gate.lock.json, which a pull request can edit; a student's lineage must be declared in gate.yaml";

    /// <summary>Why a model found nowhere is unresolved, as <c>gate lineage</c> prints it after "UNKNOWN: ".</summary>
    internal const string NotDeclared = "not in the model registry or any model card";

    /// <summary>The <see cref="Reason"/> of a model found nowhere: "… is not in the model registry or any model card".</summary>
    internal const string NotDeclaredReason = "is " + NotDeclared;

    /// <summary>Why a model only a model card describes is unresolved on a student's side.</summary>
    internal const string CardOnlyForStudentReason =
        "is described only by a model card in the checked folder, which a pull request can change; a student's lineage must be declared in gate.yaml";

    /// <summary>Why a declared model without a base that is not a root is unresolved.</summary>
    internal const string NeitherBaseNorRootReason = "declares neither 'base' nor 'root: true'";

    /// <summary>Why a declared model ends its lineage without reaching a root; null when it does not.</summary>
    internal static string? ReasonOf(ModelDeclaration declaration) =>
        declaration.IsRoot || declaration.Bases.Count > 0 ? null
        : declaration.Source == ModelSource.Hub
            ? $"has a card on the Hugging Face Hub (read at revision {declaration.Revision}) that declares no base_model, and Gate does not take a model without a base for a root"
            : NeitherBaseNorRootReason;

    /// <summary>The advice for a declared model that ends its lineage (<see cref="ReasonOf"/>).</summary>
    internal static string AdviceOf(ModelDeclaration declaration) =>
        declaration.Source == ModelSource.Hub ? DeclareBaseAdvice : DefaultAdvice;
}
