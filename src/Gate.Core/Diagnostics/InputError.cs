namespace Gate.Core.Diagnostics;

/// <summary>One reason the input cannot be evaluated, at the user's file, line and column.</summary>
public sealed record InputError(InputErrorKind Kind, string Message, SourceLocation? Location)
{
    public string Code => Kind.Code;

    /// <summary>GATE107 at <paramref name="file"/> (relative to the checked folder): the read failed, or it is no regular file.</summary>
    public static InputError NotReadable(string file, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(InputErrorKind.FileNotReadable, $"{file} cannot be read: {exception.Message}", SourceLocation.WholeFile(file));
    }

    /// <summary>What a host reports for an exception that ended a run: a <see cref="GateInputException"/>'s own errors, else <see cref="FromException"/>'s one.</summary>
    public static IReadOnlyList<InputError> ErrorsOf(Exception exception) =>
        exception is GateInputException input ? input.Errors : [FromException(exception)];

    /// <summary>
    /// What every host reports for an exception that escaped the engine, so they agree on the code:
    /// GATE107 when reading (or writing) a file failed — an I/O error on the user's file is not an
    /// internal error —, GATE100 for data a decoder found corrupt (<see cref="InvalidDataException"/>),
    /// and <see cref="Unexpected"/> (GATE199) for anything else.
    /// </summary>
    public static InputError FromException(Exception exception) => exception switch
    {
        IOException or UnauthorizedAccessException => new(InputErrorKind.FileNotReadable,
            $"a file Gate needs cannot be read or written: {exception.Message}", null),
        InvalidDataException => new(InputErrorKind.MalformedInput, $"the input is corrupt: {exception.Message}", null),
        _ => Unexpected(exception),
    };

    /// <summary>
    /// GATE199 for a failure Gate did not expect, in every host's words: the exception's type and
    /// message, and that nothing was evaluated. Hosts decide which exceptions count as unexpected.
    /// </summary>
    public static InputError Unexpected(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(InputErrorKind.InternalError,
            $"Gate failed unexpectedly ({exception.GetType().Name}: {exception.Message}); the input was not evaluated", null);
    }

    /// <summary>
    /// <c>gate.yaml(3,7): error GATE101: …</c>, the line compilers and problem matchers understand;
    /// one line, whatever the message quotes (<see cref="VisibleText"/>).
    /// </summary>
    public override string ToString() =>
        VisibleText.Escape(Location is { } at ? $"{at}: error {Code}: {Message}" : $"error {Code}: {Message}");
}
