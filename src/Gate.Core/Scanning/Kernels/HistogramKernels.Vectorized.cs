using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gate.Core.Scanning;

internal static partial class HistogramKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int AccumulateVectorized(Span<long> totals, ReadOnlySpan<uint> block)
    {
        ref long t = ref MemoryMarshal.GetReference(totals);
        ref uint b = ref MemoryMarshal.GetReference(block);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<uint>.Count <= totals.Length; i += Vector512<uint>.Count)
            {
                (Vector512<ulong> lo, Vector512<ulong> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref b, (nuint)i));
                (Vector512.LoadUnsafe(ref t, (nuint)i) + lo.AsInt64()).StoreUnsafe(ref t, (nuint)i);
                (Vector512.LoadUnsafe(ref t, (nuint)(i + 8)) + hi.AsInt64()).StoreUnsafe(ref t, (nuint)(i + 8));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<uint>.Count <= totals.Length; i += Vector256<uint>.Count)
            {
                (Vector256<ulong> lo, Vector256<ulong> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)i));
                (Vector256.LoadUnsafe(ref t, (nuint)i) + lo.AsInt64()).StoreUnsafe(ref t, (nuint)i);
                (Vector256.LoadUnsafe(ref t, (nuint)(i + 4)) + hi.AsInt64()).StoreUnsafe(ref t, (nuint)(i + 4));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<uint>.Count <= totals.Length; i += Vector128<uint>.Count)
            {
                (Vector128<ulong> lo, Vector128<ulong> hi) = Vector128.Widen(Vector128.LoadUnsafe(ref b, (nuint)i));
                (Vector128.LoadUnsafe(ref t, (nuint)i) + lo.AsInt64()).StoreUnsafe(ref t, (nuint)i);
                (Vector128.LoadUnsafe(ref t, (nuint)(i + 2)) + hi.AsInt64()).StoreUnsafe(ref t, (nuint)(i + 2));
            }
        }

        return i;
    }
}
