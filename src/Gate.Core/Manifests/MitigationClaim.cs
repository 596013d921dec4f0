using Gate.Core.Diagnostics;

namespace Gate.Core.Manifests;

/// <summary>
/// A mitigation a manifest says was applied: its kind and its fields as written
/// (<c>rewriter</c>, <c>evidence</c>, …). <see cref="EvidencePath"/> is the checked-folder-relative
/// path of <c>evidence</c>, when given.
/// </summary>
internal sealed record MitigationClaim(
    Located<string> Kind,
    IReadOnlyDictionary<string, Located<string>> Fields,
    string? EvidencePath,
    SourceLocation Location)
{
    public const string RewriterField = "rewriter";
    public const string EvidenceField = "evidence";

    public Located<string>? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;
}
