using Gate.Core.Diagnostics;

namespace Gate.Core.Policy;

/// <summary>
/// One model as a person or a model card described it: its weight parents (<c>base</c>), or that it
/// is a root, and its behavioural parents (<c>distilled-from</c>).
/// </summary>
public sealed record ModelDeclaration(
    Located<string> Id,
    IReadOnlyList<Located<string>> Bases,
    Located<string>? Relation,
    Located<bool>? Root,
    Located<string>? Family,
    IReadOnlyList<Located<string>> Aliases,
    IReadOnlyList<Located<string>> DistilledFrom,
    ModelSource Source)
{
    public bool IsRoot => Root?.Value == true;

    /// <summary>The Hub revision (commit id) the declaration was read at, for a model from the Hub.</summary>
    public string? Revision { get; init; }

    /// <summary>Where the declaration's facts can be checked, for a catalog entry (a model card or technical report).</summary>
    public string? Reference { get; init; }

    /// <summary>The weight relations a registry entry's <c>relation</c> may name.</summary>
    public static IReadOnlyList<string> Relations { get; } =
        ["finetune", "adapter", "quantized", "merge", "continued-pretraining", "upcycle"];
}
