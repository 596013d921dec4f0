using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>The divergence screen's calibration on a fixed-seed simulation (docs/scanner.md has the full table).</summary>
public sealed class DivergenceTests
{
    [Fact]
    public void False_positive_rate_on_200_clean_pairs_is_within_the_documented_bound()
    {
        int flagged = DivergenceSimulation.FalsePositives(records: 1_000, pairs: 200, seed: 20250722);

        // Documented bound: at most 1% (DivergenceTest.Alpha), i.e. at most 2 of 200.
        Assert.InRange(flagged, 0, 2);
    }

    [Fact]
    public void A_large_shift_is_detected_and_the_token_named()
    {
        ContentFeatures shifted = DivergenceSimulation.Dataset(10_000, promptSeed: 1, answerSeed: 2, tokenRate: 0.01);
        ContentFeatures clean = DivergenceSimulation.Dataset(10_000, promptSeed: 1, answerSeed: 3, tokenRate: 0.001);

        DivergenceResult result = DivergenceTest.Compare(shifted, clean);

        Assert.True(result.NumericDiverges);
        Assert.Equal("747", result.OverRepresented[0].Token);
    }

    [Fact]
    public void Identical_data_never_diverges()
    {
        ContentFeatures a = DivergenceSimulation.Dataset(1_000, 1, 2, 0.001);
        Assert.False(DivergenceTest.Compare(a, a).Diverges);
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.975, 1.959964)]
    [InlineData(0.999999, 4.753424)]
    public void Normal_quantile(double p, double z) => Assert.Equal(z, DivergenceTest.NormalQuantile(p), 4);
}
