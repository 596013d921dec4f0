namespace Gate.Core.Diagnostics;

/// <summary>One reason the input cannot be evaluated, at the user's file, line and column.</summary>
public sealed record InputError(InputErrorKind Kind, string Message, SourceLocation? Location)
{
    public string Code => Kind.Code;

    /// <summary><c>gate.yaml(3,7): error GATE101: …</c>, the line compilers and problem matchers understand.</summary>
    public override string ToString() =>
        Location is { } at ? $"{at}: error {Code}: {Message}" : $"error {Code}: {Message}";
}
