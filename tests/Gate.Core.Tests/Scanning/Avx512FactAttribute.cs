using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// A test of the AVX-512 token path against the scalar walk: skipped, visibly, on a machine without
/// AVX-512 (VBMI, VBMI2, BW), where only the scalar walk runs; never passed having tested nothing.
/// </summary>
internal sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!TokensVectorized.IsSupported)
        {
            Skip = "no AVX-512 (VBMI, VBMI2, BW) here: the vector token path cannot run";
        }
    }
}

/// <inheritdoc cref="Avx512FactAttribute"/>
internal sealed class Avx512TheoryAttribute : TheoryAttribute
{
    public Avx512TheoryAttribute()
    {
        if (!TokensVectorized.IsSupported)
        {
            Skip = "no AVX-512 (VBMI, VBMI2, BW) here: the vector token path cannot run";
        }
    }
}
