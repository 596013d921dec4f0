using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gate.Core.Scanning;

internal static class TokensVectorized
{
    public static bool IsSupported =>
        Avx512Vbmi2.IsSupported && Avx512Vbmi.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported;
}

internal sealed partial class FeatureExtractor
{
    private const int PendingCapacity = 1024;

    // Bytes 5, 6, 7 of each 64-bit lane weighted 100, 10, 1; then the two 16-bit sums of the lane's top half added.
    private static readonly Vector512<sbyte> DigitWeights = Vector512.Create(0x010A640000000000UL).AsSByte();
    private static readonly Vector512<short> PairWeights = Vector512.Create(0x0001000100000000UL).AsInt16();

    // The first numeric bin of tokens of 1, 2 and 3 digits.
    private static readonly Vector512<ulong> NumericOffsets = Vector512.Create(0UL, 0, 10, 110, 0, 0, 0, 0);
    private readonly ulong[] _pendingCounts = new ulong[PendingCapacity + 64];
    private readonly ulong[] _pendingPairs = new ulong[PendingCapacity + 64];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void AddTokensVectorized(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> token, ReadOnlySpan<ulong> digit, int start, int end)
    {
        ref byte bytes = ref MemoryMarshal.GetReference(data);
        Span<byte> ends = stackalloc byte[64 + 16];
        Span<byte> partial = stackalloc byte[64];
        ref ulong countsOut = ref MemoryMarshal.GetArrayDataReference(_pendingCounts);
        ref ulong pairsOut = ref MemoryMarshal.GetArrayDataReference(_pendingPairs);
        int pending = 0;

        Vector512<byte> iota = Vector512<byte>.Indices;
        Vector512<byte> byteOfBit = Vector512.ShiftRightLogical(iota, 3);
        Vector512<byte> bitOfByte = Vector512.Create(0x8040201008040201UL).AsByte();
        Vector512<byte> spreadLowByte = iota & Vector512.Create((byte)0xF8);
        Vector512<byte> ramp = iota & Vector512.Create((byte)7);
        Vector512<ulong> startAt = Vector512.Create((ulong)start);

        int firstWord = start >> 6, lastWord = (end - 1) >> 6;
        ulong endMask = (end & 63) == 0 ? ~0UL : (1UL << (end & 63)) - 1;
        // The marked hash of the token before, in every lane (zero before a range's first token).
        Vector512<ulong> previous = Vector512<ulong>.Zero;
        for (int w = firstWord; w <= lastWord; w++)
        {
            ulong rawToken = token[w];
            ulong current = rawToken;
            if (w == firstWord)
            {
                current &= ~0UL << (start & 63);
            }

            if (w == lastWord)
            {
                current &= endMask;
            }

            ulong next = w < lastWord ? token[w + 1] : 0;
            if (w + 1 == lastWord)
            {
                next &= endMask;
            }

            ulong lasts = current & ~((current >> 1) | (next << 63));
            if (lasts == 0)
            {
                continue;
            }

            int wordBase = w << 6;
            Vector512<byte> lower = wordBase >= 64 ? Vector512.LoadUnsafe(ref bytes, (nuint)(wordBase - 64)) : Vector512<byte>.Zero;
            Vector512<byte> upper;
            if (wordBase + 64 <= data.Length)
            {
                upper = Vector512.LoadUnsafe(ref bytes, (nuint)wordBase);
            }
            else
            {
                partial.Clear();
                data[wordBase..].CopyTo(partial);
                upper = Vector512.Create<byte>(partial);
            }

            Vector512<byte> lastsMask = Vector512.Equals(Avx512Vbmi.PermuteVar64x8(Vector512.Create(lasts).AsByte(), byteOfBit) & bitOfByte, bitOfByte);
            Avx512Vbmi2.Compress(Vector512<byte>.Zero, lastsMask, iota).StoreUnsafe(ref MemoryMarshal.GetReference(ends));
            int count = BitOperations.PopCount(lasts);

            Vector512<ulong> tokenHere = Vector512.Create(rawToken), tokenBefore = Vector512.Create(w > 0 ? token[w - 1] : 0);
            Vector512<ulong> digitHere = Vector512.Create(digit[w]), digitBefore = Vector512.Create(w > 0 ? digit[w - 1] : 0);
            Vector512<ulong> endOffset = Vector512.Create((ulong)(wordBase + 1));
            for (int g = 0; g < count; g += 8)
            {
                Vector512<ulong> b = Avx512F.ConvertToVector512UInt64(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(ends), (nuint)g));
                Vector512<ulong> e = b + endOffset;
                Vector512<ulong> up = Vector512.Create(63UL) - b, down = b + Vector512<ulong>.One;
                Vector512<ulong> tokenRun = Avx512CD.LeadingZeroCount(~(Avx512F.ShiftLeftLogicalVariable(tokenHere, up) | Avx512F.ShiftRightLogicalVariable(tokenBefore, down)));
                Vector512<ulong> digitRun = Avx512CD.LeadingZeroCount(~(Avx512F.ShiftLeftLogicalVariable(digitHere, up) | Avx512F.ShiftRightLogicalVariable(digitBefore, down)));
                Vector512<ulong> length = Vector512.Min(tokenRun, e - startAt);
                Vector512<ulong> numeric = Vector512.GreaterThanOrEqual(digitRun, length);
                int valid = Math.Min(8, count - g);

                // A token longer than the 64-byte window (rare) sends its group to the scalar walk.
                ulong beyondWindow = (Vector512.Equals(tokenRun, Vector512.Create(64UL)) & Vector512.GreaterThan(e - startAt, Vector512.Create(64UL))).ExtractMostSignificantBits();
                if ((beyondWindow & ((1UL << valid) - 1)) != 0)
                {
                    previous = Vector512.Create(CountGroupScalar(data, token, digit, start, ends.Slice(g, valid), wordBase, previous.ToScalar()));
                    continue;
                }


                Vector512<byte> lastIndex = Avx512Vbmi.PermuteVar64x8((b + Vector512.Create(57UL)).AsByte(), spreadLowByte) + ramp;
                Vector512<byte> firstIndex = Avx512Vbmi.PermuteVar64x8((b + Vector512.Create(65UL) - length).AsByte(), spreadLowByte) + ramp;
                Vector512<ulong> last = Avx512Vbmi.PermuteVar64x8x2(lower, lastIndex, upper).AsUInt64();
                Vector512<ulong> first = Avx512Vbmi.PermuteVar64x8x2(lower, firstIndex, upper).AsUInt64();

                Vector512<ulong> kept = Vector512.Min(length, Vector512.Create(8UL));
                Vector512<ulong> shift = Vector512.Create(64UL) - Vector512.ShiftLeft(kept, 3);
                Vector512<ulong> tail = Avx512F.ShiftRightLogicalVariable(last, shift);
                Vector512<ulong> head = first & Vector512.GreaterThan(length, Vector512.Create(8UL));
                Vector512<ulong> hash = Avx512DQ.MultiplyLow(tail ^ Vector512.ShiftLeft(length, 56), Vector512.Create(K1))
                    + Avx512DQ.MultiplyLow(head, Vector512.Create(K2));

                // Numeric bin of a 1–3 digit token: its digits are the top bytes of the last eight,
                // weighted 100, 10, 1 by two multiply-adds; the bin's offset comes from a table by length.
                Vector512<ulong> topLanes = Avx512F.ShiftLeftLogicalVariable(Vector512<ulong>.AllBitsSet, shift);
                Vector512<ulong> digitValues = (last ^ Vector512.Create(0x3030303030303030UL)) & topLanes & Vector512.Create(0x0F0F0F0000000000UL);
                Vector512<ulong> value = Vector512.ShiftRightLogical(Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(digitValues.AsByte(), DigitWeights), PairWeights).AsUInt64(), 32);
                Vector512<ulong> offset = Avx512F.PermuteVar8x64(NumericOffsets, Vector512.Min(length, Vector512.Create(3UL)));
                Vector512<ulong> numberIndex = Vector512.ConditionalSelect(Vector512.GreaterThan(length, Vector512.Create(3UL)), Vector512.Create((ulong)ContentFeatures.OverflowBin), offset + value);
                Vector512<ulong> wordIndex = Vector512.ShiftRightLogical(hash, 52) + Vector512.Create((ulong)ContentFeatures.NumericBins);
                Vector512<ulong> index = Vector512.ConditionalSelect(numeric, numberIndex, wordIndex);

                Vector512<ulong> marked = hash | Vector512<ulong>.One;
                Vector512<ulong> before = Avx512F.AlignRight64(marked, previous, 7);
                Vector512<ulong> pair = Vector512.ShiftRightLogical(Avx512DQ.MultiplyLow(Avx512F.RotateLeft(before, 23) ^ hash, Vector512.Create(K2)), 52);
                pair = Vector512.ConditionalSelect(Vector512.Equals(before, Vector512<ulong>.Zero), Vector512.Create((ulong)PairSlotUnused), pair);

                index.StoreUnsafe(ref countsOut, (nuint)pending);
                pair.StoreUnsafe(ref pairsOut, (nuint)pending);
                pending += valid;
                previous = Avx512F.PermuteVar8x64(marked, Vector512.Create((ulong)(valid - 1)));
            }

            if (pending >= PendingCapacity)
            {
                CountPending(pending);
                pending = 0;
            }
        }

        CountPending(pending);
    }

    /// <summary>Counts the tokens whose last bytes are <paramref name="lastBits"/> of the word at <paramref name="wordBase"/> with the scalar walk's per-token step.</summary>
    private ulong CountGroupScalar(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> token, ReadOnlySpan<ulong> digit, int start, ReadOnlySpan<byte> lastBits, int wordBase, ulong previous)
    {
        foreach (byte bit in lastBits)
        {
            int e = wordBase + bit + 1;
            int s = e - 1;
            while (s > start && (token[(s - 1) >> 6] & (1UL << ((s - 1) & 63))) != 0)
            {
                s--;
            }

            previous = Count(data, digit, s, e, previous, _counts, _bigrams);
        }

        return previous;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountPending(int pending)
    {
        ref uint counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        ref uint pairs = ref MemoryMarshal.GetArrayDataReference(_bigrams);
        ref ulong countsIn = ref MemoryMarshal.GetArrayDataReference(_pendingCounts);
        ref ulong pairsIn = ref MemoryMarshal.GetArrayDataReference(_pendingPairs);
        for (int i = 0; i < pending; i++)
        {
            Unsafe.Add(ref counts, (nint)Unsafe.Add(ref countsIn, i))++;
            Unsafe.Add(ref pairs, (nint)Unsafe.Add(ref pairsIn, i))++;
        }
    }
}
