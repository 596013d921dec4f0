namespace Gate.Core.Scanning;

/// <summary>The outcome of the divergence screen for one dataset.</summary>
internal sealed record DivergenceResult(
    double NumericMaxZ, double NumericThreshold, bool NumericDiverges,
    double WordMaxZ, double WordThreshold, bool WordsDiverge,
    IReadOnlyList<OverRepresented> OverRepresented)
{
    public bool Diverges => NumericDiverges || WordsDiverge;
}
