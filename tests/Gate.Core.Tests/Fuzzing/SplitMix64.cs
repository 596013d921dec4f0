namespace Gate.Core.Tests.Fuzzing;

/// <summary>SplitMix64: a fixed, documented generator, so a failing fuzz case is reproducible from its seed.</summary>
internal sealed class SplitMix64(ulong state)
{
    public int Next(int bound)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z % (ulong)bound);
    }
}
