namespace Gate.GitHub;

/// <summary>When the action's step fails: on errors, on errors or warnings, or never.</summary>
internal enum FailOn
{
    Error,
    Warning,
    Never,
}
