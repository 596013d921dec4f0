namespace Gate.Core.Scanning;

/// <summary>A numeric token more frequent in the dataset than in its reference.</summary>
internal sealed record OverRepresented(string Token, long DataCount, long ReferenceCount, double Z);
