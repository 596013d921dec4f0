using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gate.Core.Scanning;

internal static partial class MinHashKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int MinIntoVectorized(Span<ulong> into, ReadOnlySpan<ulong> other)
    {
        ref ulong a = ref MemoryMarshal.GetReference(into);
        ref ulong b = ref MemoryMarshal.GetReference(other);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<ulong>.Count <= into.Length; i += Vector512<ulong>.Count)
            {
                Vector512.Min(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref a, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<ulong>.Count <= into.Length; i += Vector256<ulong>.Count)
            {
                Vector256.Min(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref a, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<ulong>.Count <= into.Length; i += Vector128<ulong>.Count)
            {
                Vector128.Min(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref a, (nuint)i);
            }
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int CountEqualVectorized(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, out int done)
    {
        ref ulong a = ref MemoryMarshal.GetReference(x);
        ref ulong b = ref MemoryMarshal.GetReference(y);
        int i = 0, count = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<ulong>.Count <= x.Length; i += Vector512<ulong>.Count)
            {
                count += System.Numerics.BitOperations.PopCount(Vector512.Equals(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i)).ExtractMostSignificantBits());
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<ulong>.Count <= x.Length; i += Vector256<ulong>.Count)
            {
                count += System.Numerics.BitOperations.PopCount(Vector256.Equals(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i)).ExtractMostSignificantBits());
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<ulong>.Count <= x.Length; i += Vector128<ulong>.Count)
            {
                count += System.Numerics.BitOperations.PopCount(Vector128.Equals(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i)).ExtractMostSignificantBits());
            }
        }

        done = i;
        return count;
    }
}
