namespace Gate.Cli;

/// <summary>The exit codes of every command (SPEC §5).</summary>
internal static class ExitCodes
{
    /// <summary>No error-level finding.</summary>
    public const int Pass = 0;

    /// <summary>At least one error-level finding.</summary>
    public const int Fail = 1;

    /// <summary>Could not evaluate: bad arguments, configuration or input.</summary>
    public const int NotEvaluated = 2;
}
