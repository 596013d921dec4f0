namespace Gate.Core.Diagnostics;

/// <summary>
/// Collects input errors while a stage reads everything it can, so one run reports all of them.
/// <see cref="ThrowIfAny"/> ends the stage.
/// </summary>
public sealed class InputErrorSink
{
    private readonly List<InputError> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyList<InputError> Errors => _errors;

    public void Add(InputErrorKind kind, string message, SourceLocation? location) =>
        _errors.Add(new InputError(kind, message, location));

    public void Add(InputError error) => _errors.Add(error);

    public void AddRange(IEnumerable<InputError> errors) => _errors.AddRange(errors);

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new GateInputException(_errors);
        }
    }
}
