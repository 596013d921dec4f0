using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Lineage;

/// <summary>
/// A small catalog of well-known pretrained models that a policy may turn on (<c>catalog: builtin</c>),
/// so a team need not write their roots by hand. Every entry rests on a public source that shows how
/// the model was made (its technical report or model card), and the registry overrides any entry.
/// It is conservative on purpose: a model missing here costs a line of policy (GATE004 says which),
/// a wrong root here would cost a false pass. So a model whose report leaves open whether it was
/// initialized from an earlier one (a "v0.3"; Llama 3.1 8B and 70B beside Llama 3's) is left out, and so are small
/// models their makers say were distilled or pruned from a larger one.
/// </summary>
internal static class BuiltinCatalog
{
    /// <summary>Where catalog entries say they come from, in findings and <c>gate lineage</c>.</summary>
    public const string SourceName = "Gate's built-in catalog";

    private const string Qwen25Report = "Qwen2.5 Technical Report, arXiv:2412.15115 (each size pretrained on 18T tokens)";
    private const string MistralReport = "Mistral 7B, arXiv:2310.06825";
    private const string DeepSeekV3Report = "DeepSeek-V3 Technical Report, arXiv:2412.19437";
    private const string DeepSeekR1Report = "DeepSeek-R1, arXiv:2501.12948 (R1 and R1-Zero are trained from DeepSeek-V3-Base)";
    private const string SubliminalPaper =
        "Cloud et al., Subliminal learning (arXiv:2507.14805; Nature 2026): traits transmitted between GPT-4.1 and GPT-4o, "
        + "so they share an initialization; none between GPT-4.1, GPT-4.1 mini and GPT-4.1 nano";

    /// <summary>The entries, in a fixed order.</summary>
    public static IReadOnlyList<ModelDeclaration> Models { get; } =
    [
        .. new[] { "0.5B", "1.5B", "3B", "7B", "14B", "32B", "72B" }.Select(size => Root($"Qwen/Qwen2.5-{size}", "qwen2.5", Qwen25Report)),
        Root("mistralai/Mistral-7B-v0.1", "mistral", MistralReport),
        Root("deepseek-ai/DeepSeek-V3-Base", "deepseek-v3", DeepSeekV3Report),
        Derived("deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3-Base", DeepSeekV3Report),
        Derived("deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3-Base", DeepSeekR1Report),
        Derived("deepseek-ai/DeepSeek-R1-Zero", "deepseek-ai/DeepSeek-V3-Base", DeepSeekR1Report),

        // API models as the subliminal-learning experiments measured them; snapshot names are aliases.
        Root("gpt-4o", "openai-gpt-4", SubliminalPaper, "openai/gpt-4o", "gpt-4o-2024-05-13", "gpt-4o-2024-08-06", "gpt-4o-2024-11-20"),
        Derived("gpt-4.1", "gpt-4o", SubliminalPaper, "openai-gpt-4", "openai/gpt-4.1", "gpt-4.1-2025-04-14"),
        Root("gpt-4.1-mini", "openai-gpt-4", SubliminalPaper, "openai/gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"),
        Root("gpt-4.1-nano", "openai-gpt-4", SubliminalPaper, "openai/gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"),
    ];

    private static SourceLocation At => SourceLocation.WholeFile(SourceName);

    private static ModelDeclaration Root(string id, string family, string reference, params string[] aliases) =>
        new(Text(id), [], null, new Located<bool>(true, At), Text(family), [.. aliases.Select(Text)], [], ModelSource.Catalog) { Reference = reference };

    private static ModelDeclaration Derived(string id, string baseId, string reference, string? family = null, params string[] aliases) =>
        new(Text(id), [Text(baseId)], null, null, family is null ? null : Text(family), [.. aliases.Select(Text)], [], ModelSource.Catalog) { Reference = reference };

    private static Located<string> Text(string value) => new(value, At);
}
