namespace Gate.Core.Policy;

// The enum and the names gate.yaml and reports write for it.

/// <summary>How much a finding counts. Only <see cref="Error"/> fails the gate.</summary>
public enum Severity
{
    Off = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
}

public static class SeverityNames
{
    public static IReadOnlyList<string> All { get; } = ["error", "warning", "note", "off"];

    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "off",
    };

    public static Severity Parse(string name) => name switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "note" => Severity.Note,
        "off" => Severity.Off,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a severity"),
    };
}
