using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gate.Core.Scanning;

internal static partial class StructuralKernels
{
    /// <summary>Classifies whole 64-byte blocks with the widest vectors available; returns the bytes done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ClassifyVectorized(ReadOnlySpan<byte> source, ByteClassMasks masks)
    {
        if (Vector512.IsHardwareAccelerated && source.Length >= 64)
        {
            return Classify512(source, masks);
        }

        if (Vector256.IsHardwareAccelerated && source.Length >= 64)
        {
            return Classify256(source, masks);
        }

        if (Vector128.IsHardwareAccelerated && source.Length >= 64)
        {
            return Classify128(source, masks);
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Classify512(ReadOnlySpan<byte> source, ByteClassMasks masks)
    {
        ref byte start = ref MemoryMarshal.GetReference(source);
        int words = source.Length >> 6;
        for (int w = 0; w < words; w++)
        {
            Vector512<byte> v = Vector512.LoadUnsafe(ref start, (nuint)(w << 6));
            Classes512(v, out masks.Quote[w], out masks.Backslash[w], out masks.Newline[w], out masks.Token[w], out masks.Digit[w]);
        }

        return words << 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classes512(Vector512<byte> v, out ulong q, out ulong bs, out ulong nl, out ulong tok, out ulong dg)
    {
        Vector512<byte> digit = Vector512.LessThan(v - Vector512.Create((byte)'0'), Vector512.Create((byte)10));
        Vector512<byte> alpha = Vector512.LessThan((v | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a'), Vector512.Create((byte)26));
        Vector512<byte> high = Vector512.GreaterThanOrEqual(v, Vector512.Create((byte)0x80));
        q = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
        bs = Vector512.Equals(v, Vector512.Create((byte)'\\')).ExtractMostSignificantBits();
        nl = Vector512.Equals(v, Vector512.Create((byte)'\n')).ExtractMostSignificantBits();
        dg = digit.ExtractMostSignificantBits();
        tok = (digit | alpha | high).ExtractMostSignificantBits();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Classify256(ReadOnlySpan<byte> source, ByteClassMasks masks)
    {
        ref byte start = ref MemoryMarshal.GetReference(source);
        int words = source.Length >> 6;
        for (int w = 0; w < words; w++)
        {
            Classes256(Vector256.LoadUnsafe(ref start, (nuint)(w << 6)), out uint q0, out uint b0, out uint n0, out uint t0, out uint d0);
            Classes256(Vector256.LoadUnsafe(ref start, (nuint)((w << 6) + 32)), out uint q1, out uint b1, out uint n1, out uint t1, out uint d1);
            masks.Quote[w] = q0 | ((ulong)q1 << 32);
            masks.Backslash[w] = b0 | ((ulong)b1 << 32);
            masks.Newline[w] = n0 | ((ulong)n1 << 32);
            masks.Token[w] = t0 | ((ulong)t1 << 32);
            masks.Digit[w] = d0 | ((ulong)d1 << 32);
        }

        return words << 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classes256(Vector256<byte> v, out uint q, out uint bs, out uint nl, out uint tok, out uint dg)
    {
        Vector256<byte> digit = Vector256.LessThan(v - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
        Vector256<byte> alpha = Vector256.LessThan((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)26));
        Vector256<byte> high = Vector256.GreaterThanOrEqual(v, Vector256.Create((byte)0x80));
        q = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
        bs = Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits();
        nl = Vector256.Equals(v, Vector256.Create((byte)'\n')).ExtractMostSignificantBits();
        dg = digit.ExtractMostSignificantBits();
        tok = (digit | alpha | high).ExtractMostSignificantBits();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Classify128(ReadOnlySpan<byte> source, ByteClassMasks masks)
    {
        ref byte start = ref MemoryMarshal.GetReference(source);
        int words = source.Length >> 6;
        for (int w = 0; w < words; w++)
        {
            ulong q = 0, bs = 0, nl = 0, tok = 0, dg = 0;
            for (int part = 0; part < 4; part++)
            {
                Vector128<byte> v = Vector128.LoadUnsafe(ref start, (nuint)((w << 6) + (part << 4)));
                Vector128<byte> digit = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
                Vector128<byte> alpha = Vector128.LessThan((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)26));
                Vector128<byte> high = Vector128.GreaterThanOrEqual(v, Vector128.Create((byte)0x80));
                int shift = part << 4;
                q |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << shift;
                bs |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\\')).ExtractMostSignificantBits() << shift;
                nl |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\n')).ExtractMostSignificantBits() << shift;
                dg |= (ulong)digit.ExtractMostSignificantBits() << shift;
                tok |= (ulong)(digit | alpha | high).ExtractMostSignificantBits() << shift;
            }

            masks.Quote[w] = q;
            masks.Backslash[w] = bs;
            masks.Newline[w] = nl;
            masks.Token[w] = tok;
            masks.Digit[w] = dg;
        }

        return words << 6;
    }
}
