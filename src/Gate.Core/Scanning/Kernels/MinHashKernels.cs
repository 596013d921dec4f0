using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Gate.Core.Scanning;

/// <summary>
/// One-permutation MinHash (Li, Owen, Zhang 2012) over 64-bit element hashes: the top bits of an
/// element's hash choose its bin, another 64 bits are its value, and each bin keeps its minimum.
/// Bins stay raw (empty = <see cref="Empty"/>), so signatures of shards merge by element-wise
/// minimum; empty bins are filled by optimal densification (Shrivastava 2017) only when
/// two signatures are compared.
/// </summary>
internal static partial class MinHashKernels
{
    public const int Bins = 256;
    public const ulong Empty = ulong.MaxValue;
    private const ulong DensifyOffset = 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(Span<ulong> bins, ulong binHash, ulong value)
    {
        ref ulong slot = ref bins[(int)(binHash >> 56)];
        if (value < slot)
        {
            slot = value == Empty ? Empty - 1 : value;
        }
    }

    /// <summary>Element-wise minimum: <paramref name="into"/>[i] = min(into[i], other[i]).</summary>
    public static void MinInto(Span<ulong> into, ReadOnlySpan<ulong> other)
    {
        Debug.Assert(into.Length == other.Length);
        int done = MinIntoVectorized(into, other);
        MinIntoScalar(into, other, done);
    }

    public static void MinIntoScalar(Span<ulong> into, ReadOnlySpan<ulong> other, int start = 0)
    {
        for (int i = start; i < into.Length; i++)
        {
            if (other[i] < into[i])
            {
                into[i] = other[i];
            }
        }
    }

    /// <summary>How many positions hold equal values.</summary>
    public static int CountEqual(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        Debug.Assert(a.Length == b.Length);
        int count = CountEqualVectorized(a, b, out int done);
        return count + CountEqualScalar(a, b, done);
    }

    public static int CountEqualScalar(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int start = 0)
    {
        int count = 0;
        for (int i = start; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Optimal densification (Shrivastava 2017): an empty bin i takes the value of the first
    /// non-empty bin in a pseudo-random probe sequence that depends only on i, so two signatures
    /// borrow from the same bins and the estimate's variance stays close to that of full MinHash.
    /// </summary>
    public static ulong[] Densify(ReadOnlySpan<ulong> bins)
    {
        var result = bins.ToArray();
        int n = bins.Length;
        if (bins.IndexOfAnyExcept(Empty) < 0)
        {
            return result;
        }

        for (int i = 0; i < n; i++)
        {
            if (bins[i] != Empty)
            {
                continue;
            }

            for (ulong attempt = 0; ; attempt++)
            {
                int j = (int)(Probe((ulong)i, attempt) % (ulong)n);
                if (bins[j] != Empty)
                {
                    result[i] = bins[j];
                    break;
                }
            }
        }

        return result;
    }

    private static ulong Probe(ulong bin, ulong attempt)
    {
        ulong x = (bin * DensifyOffset) ^ (attempt + 1) * 0xBF58476D1CE4E5B9UL;
        x ^= x >> 31;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 29);
    }

    /// <summary>Estimated Jaccard similarity of the two sets the signatures summarise (0 when either is empty).</summary>
    public static double Jaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.IndexOfAnyExcept(Empty) < 0 || b.IndexOfAnyExcept(Empty) < 0)
        {
            return 0;
        }

        return CountEqual(Densify(a), Densify(b)) / (double)a.Length;
    }

    /// <summary>Estimated share of set A's elements that are also in B, from the Jaccard estimate and the set sizes.</summary>
    public static double Containment(double jaccard, long sizeA, long sizeB)
    {
        if (sizeA <= 0)
        {
            return 0;
        }

        double intersection = jaccard * (sizeA + sizeB) / (1 + jaccard);
        return Math.Clamp(intersection / sizeA, 0, 1);
    }
}
