namespace Gate.MSBuild;

/// <summary>
/// The project's warning settings applied to GATE codes, as NuGet Audit applies them to NU codes:
/// plain MSBuild does not apply <c>TreatWarningsAsErrors</c> to task warnings, so the task does.
/// <c>NoWarn</c> wins over everything (as with the compiler); then <c>WarningsAsErrors</c>; then
/// <c>TreatWarningsAsErrors</c> unless the code is in <c>WarningsNotAsErrors</c>.
/// </summary>
internal sealed class WarningPolicy
{
    private static readonly char[] Separators = [';', ',', ' ', '\t', '\r', '\n'];

    private readonly bool _treatWarningsAsErrors;
    private readonly HashSet<string> _warningsAsErrors;
    private readonly HashSet<string> _warningsNotAsErrors;
    private readonly HashSet<string> _noWarn;

    public WarningPolicy(bool treatWarningsAsErrors, string? warningsAsErrors, string? warningsNotAsErrors, string? noWarn)
    {
        _treatWarningsAsErrors = treatWarningsAsErrors;
        _warningsAsErrors = Codes(warningsAsErrors);
        _warningsNotAsErrors = Codes(warningsNotAsErrors);
        _noWarn = Codes(noWarn);
    }

    public WarningDisposition Classify(string code)
    {
        if (_noWarn.Contains(code))
        {
            return WarningDisposition.Suppressed;
        }

        if (_warningsAsErrors.Contains(code))
        {
            return WarningDisposition.Error;
        }

        return _treatWarningsAsErrors && !_warningsNotAsErrors.Contains(code) ? WarningDisposition.Error : WarningDisposition.Warning;
    }

    private static HashSet<string> Codes(string? list) =>
        new((list ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
}
