using Gate.Core.Diagnostics;
using Gate.Core.Repository;
using Gate.Core.Yaml;

namespace Gate.Core.Manifests;

/// <summary>
/// A parsed <c>NAME.lineage.yaml</c>: which data it describes, who wrote it (teachers) and who
/// will learn from it (students), with every value's location.
/// </summary>
/// <param name="File">The manifest's path relative to the checked folder.</param>
/// <param name="Dataset">The <c>dataset:</c> value as written.</param>
/// <param name="DatasetPattern">The dataset path or glob, relative to the checked folder.</param>
/// <param name="DatasetGlob">The glob, parsed, when <paramref name="DatasetPattern"/> has wildcards; null for a path.</param>
/// <param name="Teachers">The models that wrote the data (<c>teacher</c>, or each of <c>teachers</c>).</param>
/// <param name="Students">The manifest's students, or null for "every student in the policy".</param>
/// <param name="Generation">The free-form <c>generation</c> facts, kept for review.</param>
/// <param name="GeneratorField">The per-record field naming the model that wrote each record, when given.</param>
/// <param name="ReferenceWritten">The <c>reference:</c> value as written.</param>
/// <param name="Reference">The checked-folder-relative path of <c>reference:</c>, when given.</param>
/// <param name="Mitigations">The mitigations the manifest says were applied.</param>
internal sealed record LineageManifest(
    string File,
    Located<string> Dataset,
    string DatasetPattern,
    Glob? DatasetGlob,
    IReadOnlyList<Located<string>> Teachers,
    IReadOnlyList<Located<string>>? Students,
    YamlNode? Generation,
    Located<string>? GeneratorField,
    Located<string>? ReferenceWritten,
    string? Reference,
    IReadOnlyList<MitigationClaim> Mitigations)
{
    public const string Suffix = ".lineage.yaml";

    /// <summary>Files a manifest names that are never datasets themselves: its reference and evidence.</summary>
    public IEnumerable<string> SupportingFiles =>
        Mitigations.Select(m => m.EvidencePath).Append(Reference).OfType<string>();
}
