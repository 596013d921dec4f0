using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Gate.Core.Scanning;

/// <summary>
/// One-permutation MinHash (Li, Owen, Zhang 2012) over 64-bit element hashes: the top bits of an
/// element's hash choose its bin, another 64 bits are its value, and each bin keeps its minimum.
/// Bins stay raw (empty = <see cref="Empty"/>), so signatures of shards merge by element-wise
/// minimum; empty bins are filled by rotation densification (Shrivastava, Li 2014) only when
/// two signatures are compared.
/// </summary>
public static partial class MinHashKernels
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

    /// <summary>Rotation densification: an empty bin takes the next non-empty bin's value (cyclically), offset by the distance.</summary>
    public static ulong[] Densify(ReadOnlySpan<ulong> bins)
    {
        var result = bins.ToArray();
        int n = bins.Length;
        int firstFull = bins.IndexOfAnyExcept(Empty);
        if (firstFull < 0)
        {
            return result;
        }

        for (int i = 0; i < n; i++)
        {
            if (bins[i] != Empty)
            {
                continue;
            }

            int distance = 1;
            while (bins[(i + distance) % n] == Empty)
            {
                distance++;
            }

            result[i] = unchecked(bins[(i + distance) % n] + ((ulong)distance * DensifyOffset));
        }

        return result;
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
