namespace Gate.Core.Reports;

/// <summary>The exit codes of the command line and the GitHub Action; the MSBuild task fails the build instead.</summary>
public static class ExitCodes
{
    /// <summary>No error-level finding.</summary>
    public const int Pass = 0;

    /// <summary>At least one error-level finding (or, in the Action, a finding at its <c>fail-on</c> level).</summary>
    public const int Fail = 1;

    /// <summary>Could not evaluate: bad arguments, configuration or input.</summary>
    public const int NotEvaluated = 2;
}
