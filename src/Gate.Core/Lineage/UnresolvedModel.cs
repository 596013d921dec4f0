using Gate.Core.Diagnostics;

namespace Gate.Core.Lineage;

/// <summary>
/// A model on a lineage path that cannot be followed to a root, so a shared initialization cannot
/// be ruled out. <see cref="ReferencedAt"/> is where the path names it (null: the model asked about).
/// </summary>
public sealed record UnresolvedModel(string Id, string Reason, SourceLocation? ReferencedAt);
