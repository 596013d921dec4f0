using Gate.Core.Diagnostics;

namespace Gate.Core.Lineage;

/// <summary><paramref name="Student"/> (a model on some ancestry) was distilled from <paramref name="Teacher"/>.</summary>
public sealed record BehaviouralParent(string Student, Located<string> Teacher);
