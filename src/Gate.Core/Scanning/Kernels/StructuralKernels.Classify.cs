using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Gate.Core.Scanning;

/// <summary>Structural classification of bytes. The scalar path is the specification; the vector paths must equal it.</summary>
internal static partial class StructuralKernels
{
    /// <summary>Classifies <paramref name="source"/> into <paramref name="masks"/>; bits past the end are zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Classify(ReadOnlySpan<byte> source, ByteClassMasks masks)
    {
        Debug.Assert(masks.Quote.Length >= ByteClassMasks.WordsFor(source.Length));
        int done = ClassifyVectorized(source, masks);
        ClassifyScalar(source, masks, done);
    }

    /// <summary>The reference implementation: classifies bytes from <paramref name="start"/> (a multiple of 64) to the end.</summary>
    public static void ClassifyScalar(ReadOnlySpan<byte> source, ByteClassMasks masks, int start = 0)
    {
        Debug.Assert(start % 64 == 0);
        for (int word = start >> 6; word < ByteClassMasks.WordsFor(source.Length); word++)
        {
            ulong q = 0, bs = 0, nl = 0, tok = 0, dg = 0;
            int end = Math.Min(64, source.Length - (word << 6));
            for (int i = 0; i < end; i++)
            {
                byte b = source[(word << 6) + i];
                ulong bit = 1UL << i;
                if (b == (byte)'"') q |= bit;
                if (b == (byte)'\\') bs |= bit;
                if (b == (byte)'\n') nl |= bit;
                bool digit = (uint)(b - '0') < 10;
                if (digit) dg |= bit;
                if (digit || (uint)((b | 0x20) - 'a') < 26 || b >= 0x80) tok |= bit;
            }

            masks.Quote[word] = q;
            masks.Backslash[word] = bs;
            masks.Newline[word] = nl;
            masks.Token[word] = tok;
            masks.Digit[word] = dg;
        }
    }

    /// <summary>
    /// Prefix XOR of <paramref name="quotes"/>: bit i is set when an odd number of quote bits lie at or
    /// before i, i.e. byte i is inside quotes (counting the opening quote). <paramref name="inside"/>
    /// carries the state across words (all ones when the previous word ended inside quotes).
    /// </summary>
    public static ulong InsideQuotes(ulong quotes, ref ulong inside)
    {
        ulong x = quotes;
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        x ^= inside;
        inside = (ulong)((long)x >> 63);
        return x;
    }
}
