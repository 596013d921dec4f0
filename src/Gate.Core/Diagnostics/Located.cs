namespace Gate.Core.Diagnostics;

/// <summary>A value read from a user's file, with where it was written.</summary>
public sealed record Located<T>(T Value, SourceLocation Location)
{
    public override string ToString() => Value?.ToString() ?? string.Empty;
}
