using Gate.Core.Diagnostics;

namespace Gate.Core.Rules;

/// <summary>Why a mitigation claim does not hold; <see cref="Teacher"/>/<see cref="Student"/> null means for every pair.</summary>
internal sealed record MitigationProblem(string Message, SourceLocation Location, string? Teacher, string? Student);
