namespace Gate.MSBuild;

/// <summary>What becomes of a warning-level finding.</summary>
internal enum WarningDisposition
{
    Warning,
    Error,
    Suppressed,
}
