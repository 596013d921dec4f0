namespace Gate.Core.Diagnostics;

/// <summary>
/// Thrown when the input cannot be evaluated. Carries every error found before Gate stopped,
/// sorted by file and position, so a user can fix them in one go.
/// </summary>
public sealed class GateInputException : Exception
{
    public GateInputException(IEnumerable<InputError> errors)
        : this(Sort(errors))
    {
    }

    private GateInputException(IReadOnlyList<InputError> sorted)
        : base(Describe(sorted))
    {
        Errors = sorted;
    }

    public GateInputException(InputError error) : this([error]) { }

    public IReadOnlyList<InputError> Errors { get; }

    private static IReadOnlyList<InputError> Sort(IEnumerable<InputError> errors) =>
        errors
            .OrderBy(e => e.Location?.File ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(e => e.Location?.Line ?? 0)
            .ThenBy(e => e.Location?.Column ?? 0)
            .ThenBy(e => e.Code, StringComparer.Ordinal)
            .ThenBy(e => e.Message, StringComparer.Ordinal)
            .Distinct()
            .ToArray();

    private static string Describe(IEnumerable<InputError> errors)
    {
        var list = errors.ToList();
        return list.Count switch
        {
            0 => "The input cannot be evaluated.",
            1 => list[0].ToString(),
            _ => $"{list[0]} (and {list.Count - 1} more)",
        };
    }
}
