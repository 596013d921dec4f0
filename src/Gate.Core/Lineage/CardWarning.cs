using Gate.Core.Diagnostics;

namespace Gate.Core.Lineage;

/// <summary>
/// A slip in a model card that Gate reads past as the Hugging Face Hub does (a repeated key outside
/// the keys lineage rests on): reported as a warning, never silently.
/// </summary>
public sealed record CardWarning(string Message, SourceLocation Location);
