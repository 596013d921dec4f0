using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gate.Core.Scanning;

internal sealed partial class FeatureExtractor
{
    private const int PendingCapacity = 1024;
    private int _pending;
    private readonly uint[] _pendingCounts = new uint[PendingCapacity + 64];
    private readonly uint[] _pendingPairs = new uint[PendingCapacity + 64];

    // Per 32-bit lane, bytes 1, 2, 3 weighted 100, 10, 1; then the two 16-bit sums added.
    private static readonly Vector512<sbyte> DigitWeights = Vector512.Create(0x010A6400u).AsSByte();

    // The first numeric bin of tokens of 1, 2 and 3 digits.
    private static readonly Vector512<uint> NumericOffsets = Vector512.Create(0u, 0, 10, 110, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// The AVX-512 token path, a 64-bit mask word at a time. The positions of the word's token
    /// starts and ends are compressed into two lists (VBMI2), so no loop runs per token; then
    /// sixteen tokens per vector, in 32-bit lanes, get their length, their last and first eight
    /// bytes (byte permutes over this word and the one before), hash, numeric bin and pair bucket,
    /// with no branch per token. The increments are scalar, from a list.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void AddTokensVectorized(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> token, ReadOnlySpan<ulong> digit, int start, int end)
    {
        System.Diagnostics.Debug.Assert(TokensVectorized.IsSupported, "the vector token path needs AVX-512 (VBMI, VBMI2, BW)");
        ref byte bytes = ref MemoryMarshal.GetReference(data);
        Span<byte> partial = stackalloc byte[64];
        int pending = _pending;

        // The marked hash of the token before, in every lane (zero before a range's first token).
        Vector512<uint> previous = Vector512<uint>.Zero;
        int firstWord = start >> 6, lastWord = (end - 1) >> 6;
        ulong endMask = (end & 63) == 0 ? ~0UL : (1UL << (end & 63)) - 1;
        ulong current = token[firstWord] & (~0UL << (start & 63));
        ulong carry = 0, digitCarry = 0;
        int openStart = start;
        for (int w = firstWord; w <= lastWord; w++)
        {
            if (w == lastWord)
            {
                current &= endMask;
            }

            ulong next = w < lastWord ? token[w + 1] : 0;
            if (w + 1 == lastWord)
            {
                next &= endMask;
            }

            int wordBase = w << 6;
            ulong starting = current & ~((current << 1) | carry);
            ulong ending = current & ~((current >> 1) | (next << 63));

            // All-digit tokens, by carries: adding a token's start bit to its digit bits carries
            // through the token only if every byte is a digit, and out just past its end (into the
            // next word when it ends at bit 63 or goes on; a token that goes on carries that in).
            ulong digits = digit[w] & current;
            ulong added = digits + starting;
            ulong sum = added + digitCarry;
            ulong carryOut = (added < digits ? 1UL : 0UL) | (sum < added ? 1UL : 0UL);
            ulong numericEnds = ((sum & ~current) >> 1) | (carryOut << 63);
            digitCarry = carryOut;
            if (ending != 0)
            {
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

                // Positions of the word's token starts and ends, sixteen per vector. A word that begins
                // inside a token pairs its first end with that token's start: the starts move up a lane.
                Vector512<int> here = Vector512.Create(wordBase);
                Vector512<byte> starts = Compress(starting), ends = Compress(ending);
                Vector512<int> first = Avx512F.ConvertToVector512Int32(starts.GetLower().GetLower()) + here;
                Vector512<int> last = Avx512F.ConvertToVector512Int32(ends.GetLower().GetLower()) + here;
                Vector512<int> inside = Vector512.Create(-(int)(carry & current & 1));
                Vector512<int> shifted = Avx512F.AlignRight32(first, Vector512.Create(openStart), 15);
                int count = BitOperations.PopCount(ending);
                if (count > 16)
                {
                    // Up to 32 tokens in a word: the second sixteen.
                    Vector512<int> first2 = Avx512F.ConvertToVector512Int32(starts.GetLower().GetUpper()) + here;
                    Vector512<int> last2 = Avx512F.ConvertToVector512Int32(ends.GetLower().GetUpper()) + here;
                    first2 = Vector512.ConditionalSelect(inside, Avx512F.AlignRight32(first2, first, 15), first2);
                    first = Vector512.ConditionalSelect(inside, shifted, first);
                    previous = CountGroup(data, digit, numericEnds, lower, upper, here, first, last, 16, previous, ref pending);
                    previous = CountGroup(data, digit, numericEnds, lower, upper, here, first2, last2, count - 16, previous, ref pending);
                }
                else
                {
                    first = Vector512.ConditionalSelect(inside, shifted, first);
                    previous = CountGroup(data, digit, numericEnds, lower, upper, here, first, last, count, previous, ref pending);
                }

                if (pending >= PendingCapacity)
                {
                    CountPending(pending);
                    pending = 0;
                }
            }

            // The token open at the word's end started at the word's last start, or before the word.
            if (starting != 0)
            {
                openStart = wordBase + 63 - BitOperations.LeadingZeroCount(starting);
            }

            carry = current >> 63;
            current = next;
        }

        // The listed counts wait for more (records are short); they are counted when the list fills or on flush.
        _pending = pending;
    }

    /// <summary>Hashes, bins and lists the counts of up to sixteen tokens (first and last byte positions per lane); returns the last one's marked hash in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<uint> CountGroup(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> digit, ulong numericEnds, Vector512<byte> lower, Vector512<byte> upper, Vector512<int> here,
        Vector512<int> first, Vector512<int> last, int valid, Vector512<uint> previous, ref int pending)
    {
        Vector512<int> length = last - first + Vector512<int>.One;
        Vector512<int> lastAt = last - here, firstAt = first - here;
        ref uint countsOut = ref MemoryMarshal.GetArrayDataReference(_pendingCounts);
        ref uint pairsOut = ref MemoryMarshal.GetArrayDataReference(_pendingPairs);
        uint lanes = (uint)((1UL << valid) - 1);

        // A token longer than eight bytes that starts more than a word back (rare) goes to the scalar step.
        Vector512<int> longer = Vector512.GreaterThan(length, Vector512.Create(8));
        if (((uint)(longer & Vector512.LessThan(firstAt, Vector512.Create(-64))).ExtractMostSignificantBits() & lanes) != 0)
        {
            return Vector512.Create(CountListedScalar(data, digit, first, last, valid, previous.ToScalar()));
        }

        // Bytes [last-7, last] and [first, first+7] from (lower, upper), four per 32-bit lane.
        // (Byte indices are built with shifts, not byte permutes: the shuffle unit is the busy one.)
        Vector512<uint> tailIndex = Spread(lastAt + Vector512.Create(57));
        Vector512<uint> headIndex = Spread(firstAt + Vector512.Create(64));
        Vector512<uint> tailLow = Bytes(lower, upper, tailIndex);
        Vector512<uint> tailHigh = Bytes(lower, upper, tailIndex + Vector512.Create(0x04040404u));
        Vector512<uint> headLow = Bytes(lower, upper, headIndex);
        Vector512<uint> headHigh = Bytes(lower, upper, headIndex + Vector512.Create(0x04040404u));

        // Keep only the token's bytes of the last eight: the top min(length, 4) of the high half, then of the low.
        Vector512<uint> keepHigh = Avx512F.ShiftLeftLogicalVariable(Vector512<uint>.AllBitsSet, (Vector512.Create(32) - Vector512.ShiftLeft(Vector512.Min(length, Vector512.Create(4)), 3)).AsUInt32());
        Vector512<uint> keepLow = Avx512F.ShiftLeftLogicalVariable(Vector512<uint>.AllBitsSet, (Vector512.Create(32) - Vector512.ShiftLeft(Vector512.Max(Vector512.Min(length - Vector512.Create(4), Vector512.Create(4)), Vector512<int>.Zero), 3)).AsUInt32());
        Vector512<uint> high = tailHigh & keepHigh, low = tailLow & keepLow;
        Vector512<uint> isLonger = longer.AsUInt32();
        Vector512<uint> hash = ((high ^ (headHigh & isLonger)) * Vector512.Create(HighFactor)) + ((low ^ (headLow & isLonger)) * Vector512.Create(LowFactor))
            + (length.AsUInt32() * Vector512.Create(LengthFactor));
        hash ^= Vector512.ShiftRightLogical(hash, 15);
        hash *= Vector512.Create(MixFactor);
        hash ^= Vector512.ShiftRightLogical(hash, 13);

        // All-digit tokens: the bit of each lane's last byte in the word's numeric ends. The numeric
        // bin of a 1–3 digit token: its digits are the top three bytes of the high half.
        Vector512<uint> endHalf = Vector512.ConditionalSelect(Vector512.GreaterThan(lastAt, Vector512.Create(31)).AsUInt32(),
            Vector512.Create((uint)(numericEnds >> 32)), Vector512.Create((uint)numericEnds));
        Vector512<uint> allDigits = Vector512.Equals(Avx512F.ShiftRightLogicalVariable(endHalf, (lastAt & Vector512.Create(31)).AsUInt32()) & Vector512<uint>.One, Vector512<uint>.One);
        Vector512<uint> digitValues = (high ^ Vector512.Create(0x30303030u)) & Vector512.Create(0x0F0F0F0Fu);
        Vector512<uint> value = Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(digitValues.AsByte(), DigitWeights), Vector512<short>.One).AsUInt32();
        Vector512<uint> offset = Avx512F.PermuteVar16x32(NumericOffsets, Vector512.Min(length, Vector512.Create(3)).AsUInt32());
        Vector512<uint> numberIndex = Vector512.ConditionalSelect(Vector512.GreaterThan(length, Vector512.Create(3)).AsUInt32(), Vector512.Create((uint)ContentFeatures.OverflowBin), offset + value);
        Vector512<uint> wordIndex = Vector512.ShiftRightLogical(hash, 20) + Vector512.Create((uint)ContentFeatures.NumericBins);
        Vector512<uint> index = Vector512.ConditionalSelect(allDigits, numberIndex, wordIndex);

        // Pairs: each lane's predecessor is the lane before (the first lane's, the token before the group).
        Vector512<uint> marked = hash | Vector512<uint>.One;
        Vector512<uint> predecessor = Avx512F.AlignRight32(marked, previous, 15);
        Vector512<uint> pair = Vector512.ShiftRightLogical((Avx512F.RotateLeft(predecessor, 13) ^ hash) * Vector512.Create(PairFactor), 20);
        pair = Vector512.ConditionalSelect(Vector512.Equals(predecessor, Vector512<uint>.Zero), Vector512.Create((uint)PairSlotUnused), pair);

        index.StoreUnsafe(ref countsOut, (nuint)pending);
        pair.StoreUnsafe(ref pairsOut, (nuint)pending);

        pending += valid;
        return Avx512F.PermuteVar16x32(marked, Vector512.Create((uint)(valid - 1)));
    }

    /// <summary>The positions (0–63) of the set bits of <paramref name="bits"/>, in order, one per byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Compress(ulong bits)
    {
        Vector512<byte> bitOfByte = Vector512.Create(0x8040201008040201UL).AsByte();
        Vector512<byte> mask = Vector512.Equals(Avx512Vbmi.PermuteVar64x8(Vector512.Create(bits).AsByte(), Vector512.ShiftRightLogical(Vector512<byte>.Indices, 3)) & bitOfByte, bitOfByte);
        return Avx512Vbmi2.Compress(Vector512<byte>.Zero, mask, Vector512<byte>.Indices);
    }

    /// <summary>Each lane's low byte in all four of its bytes, plus 0, 1, 2, 3: the indices of four consecutive bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Spread(Vector512<int> at)
    {
        Vector512<uint> x = at.AsUInt32() & Vector512.Create(0xFFu);
        x |= Vector512.ShiftLeft(x, 8);
        return (x | Vector512.ShiftLeft(x, 16)) + Vector512.Create(0x03020100u);
    }

    /// <summary>Four bytes per 32-bit lane from the 128 bytes (lower, upper), at the lane's byte indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Bytes(Vector512<byte> lower, Vector512<byte> upper, Vector512<uint> indices) =>
        Avx512Vbmi.PermuteVar64x8x2(lower, indices.AsByte(), upper).AsUInt32();

    /// <summary>Counts the first <paramref name="count"/> tokens of the lanes with the scalar walk's per-token step.</summary>
    private uint CountListedScalar(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> digit, Vector512<int> first, Vector512<int> last, int count, uint previous)
    {
        for (int i = 0; i < count; i++)
        {
            previous = Count(data, digit, first.GetElement(i), last.GetElement(i) + 1, previous, _counts, _bigrams);
        }

        return previous;
    }

    /// <summary>Counts what the vector path has listed.</summary>
    private void CountPending()
    {
        CountPending(_pending);
        _pending = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountPending(int pending)
    {
        ref uint counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        ref uint pairs = ref MemoryMarshal.GetArrayDataReference(_bigrams);
        ref uint countsIn = ref MemoryMarshal.GetArrayDataReference(_pendingCounts);
        ref uint pairsIn = ref MemoryMarshal.GetArrayDataReference(_pendingPairs);
        for (int i = 0; i < pending; i++)
        {
            Unsafe.Add(ref counts, Unsafe.Add(ref countsIn, i))++;
            Unsafe.Add(ref pairs, Unsafe.Add(ref pairsIn, i))++;
        }
    }
}
