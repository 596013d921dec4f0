using System.Runtime.Intrinsics.X86;

namespace Gate.Core.Scanning;

/// <summary>Whether the AVX-512 token path can run here (VBMI2 for byte compress, VBMI for byte permutes, BW for byte multiply-adds).</summary>
internal static class TokensVectorized
{
    public static bool IsSupported => Avx512Vbmi2.IsSupported && Avx512Vbmi.IsSupported && Avx512BW.IsSupported;
}
