using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gate.Core.Scanning;

/// <summary>Positions in the one-bit-per-byte masks of <see cref="ByteClassMasks"/>.</summary>
internal static class BitScan
{
    /// <summary>The first set bit at or after <paramref name="from"/> and before <paramref name="limit"/>, else <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSet(ReadOnlySpan<ulong> mask, int from, int limit)
    {
        if (from >= limit)
        {
            return limit;
        }

        int w = from >> 6;
        ulong x = mask[w] & (~0UL << (from & 63));
        while (x == 0)
        {
            w++;
            if ((w << 6) >= limit)
            {
                return limit;
            }

            x = mask[w];
        }

        int r = (w << 6) + BitOperations.TrailingZeroCount(x);
        return r < limit ? r : limit;
    }

    /// <summary>The first clear bit at or after <paramref name="from"/> and before <paramref name="limit"/>, else <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextClear(ReadOnlySpan<ulong> mask, int from, int limit)
    {
        if (from >= limit)
        {
            return limit;
        }

        int w = from >> 6;
        ulong x = ~mask[w] & (~0UL << (from & 63));
        while (x == 0)
        {
            w++;
            if ((w << 6) >= limit)
            {
                return limit;
            }

            x = ~mask[w];
        }

        int r = (w << 6) + BitOperations.TrailingZeroCount(x);
        return r < limit ? r : limit;
    }

    /// <summary>Clears bits [from, to).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ClearRange(Span<ulong> mask, int from, int to)
    {
        for (int i = from; i < to;)
        {
            int w = i >> 6;
            int start = i & 63;
            int end = Math.Min(64, start + (to - i));
            ulong bits = (end == 64 ? ~0UL : ((1UL << end) - 1)) & (~0UL << start);
            mask[w] &= ~bits;
            i += end - start;
        }
    }

    /// <summary>How many bits are set in [from, to).</summary>
    public static long Count(ReadOnlySpan<ulong> mask, int from, int to)
    {
        long count = 0;
        for (int i = from; i < to;)
        {
            int w = i >> 6;
            int start = i & 63;
            int end = Math.Min(64, start + (to - i));
            ulong bits = (end == 64 ? ~0UL : ((1UL << end) - 1)) & (~0UL << start);
            count += BitOperations.PopCount(mask[w] & bits);
            i += end - start;
        }

        return count;
    }
}
