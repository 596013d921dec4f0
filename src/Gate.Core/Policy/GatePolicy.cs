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

    public AcceptedMitigation? FindMitigation(string kind) =>
        Mitigations.FirstOrDefault(m => string.Equals(m.Kind.Value, kind, StringComparison.Ordinal));
}
