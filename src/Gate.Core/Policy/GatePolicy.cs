using Gate.Core.Diagnostics;
using Gate.Core.Repository;

namespace Gate.Core.Policy;

/// <summary>The parsed <c>gate.yaml</c>, every value with its location.</summary>
public sealed record GatePolicy(
    string File,
    DatasetSelection? Datasets,
    IReadOnlyList<ModelDeclaration> Models,
    IReadOnlyList<Located<Glob>> ModelCards,
    IReadOnlyList<StudentDeclaration> Students,
    IReadOnlyDictionary<string, Located<Severity>> Severities,
    IReadOnlyList<AcceptedMitigation> Mitigations,
    IReadOnlyList<Waiver> Waivers)
{
    public const string DefaultFileName = "gate.yaml";

    /// <summary><c>hub:</c> — resolve unknown models on the Hugging Face Hub at lock time; null when off.</summary>
    public HubSettings? Hub { get; init; }

    /// <summary><c>catalog: builtin</c> — Gate's small catalog of well-known pretrained roots is on (the registry overrides it).</summary>
    public bool UsesBuiltinCatalog { get; init; }

    public AcceptedMitigation? FindMitigation(string kind) =>
        Mitigations.FirstOrDefault(m => string.Equals(m.Kind.Value, kind, StringComparison.Ordinal));
}
