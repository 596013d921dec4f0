using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Gate.Core.Scanning;

// About 300 lines: the scalar token walk is the reference of the vector path (FeatureExtractor.Vectorized.cs) and stays whole.

/// <summary>
/// Turns records into <see cref="ContentFeatures"/>: the record hash (set digest and MinHash), and
/// the tokens of its text — maximal runs of ASCII letters, digits and non-ASCII bytes. An all-digit
/// token of up to three digits counts in the numeric histogram by its written form; every other
/// token counts in the token sketch; every adjacent pair counts in the bigram sketch.
/// One extractor per thread; the result of each is merged.
/// </summary>
internal sealed partial class FeatureExtractor
{
    // Odd multipliers of the 32-bit token hash (xxHash32's and murmur3's primes).
    private const uint HighFactor = 0x9E3779B1u, LowFactor = 0x85EBCA77u, LengthFactor = 0xC2B2AE3Du, MixFactor = 0x85EBCA6Bu, PairFactor = 0x2C1B3C6Du;

    // Per-block counts: the numeric bins followed by the token-sketch buckets; and the token-pair
    // buckets followed by the slot that a record's first token (which has no predecessor) counts in.
    private const int PairSlotUnused = ContentFeatures.SketchBuckets;
    private readonly uint[] _counts = new uint[ContentFeatures.NumericBins + ContentFeatures.SketchBuckets];
    private readonly uint[] _bigrams = new uint[ContentFeatures.SketchBuckets + 1];

    // The uint per-block counts are added into the 64-bit totals before any could wrap: a range of
    // n bytes holds at most n tokens, and the totals are flushed after 2^31 bytes of ranges.
    private const long MaxBytesBeforeFlush = 1L << 31;
    private long _bytesSinceFlush;
    private readonly HashSet<UInt128> _fieldsSeen = [];
    private readonly UInt128[] _recentKeys = [UInt128.MaxValue, UInt128.MaxValue, UInt128.MaxValue, UInt128.MaxValue, UInt128.MaxValue, UInt128.MaxValue, UInt128.MaxValue, UInt128.MaxValue];
    private int _nextRecent;

    private readonly FeatureExtractorOptions _options;

    // The generator values of the record being read, and one string per distinct value (records share it).
    private string? _recordGenerator;
    private bool _recordGeneratorUnclear;
    private readonly Dictionary<string, string> _generatorNames = new(StringComparer.Ordinal);

    public FeatureExtractor(string file, string? generatorField, FeatureExtractorOptions? options = null)
    {
        File = file;
        GeneratorFieldName = generatorField;
        GeneratorField = generatorField is null ? null : Encoding.UTF8.GetBytes(generatorField);
        _options = options ?? FeatureExtractorOptions.Default;
        CanBeVectorized = TokensVectorized.IsSupported && !_options.ScalarTokens;
        if (_options.KeepRecordHashes)
        {
            Features.KeepRecordHashes(withGenerators: generatorField is not null);
            OverlapIgnoredKeys = [.. _options.OverlapIgnoredKeys.Select(JsonCanonicalHash.KeyHash)];
        }
    }

    /// <summary>Whether records get an overlap hash beside their hash (GATE007 is on for this dataset).</summary>
    public bool HashesOverlap => _options.KeepRecordHashes && !_options.SkipRecords;

    /// <summary>The string hashes of the keys the overlap hash leaves out at a record's top level.</summary>
    public UInt128[] OverlapIgnoredKeys { get; } = [];


    /// <summary>Whether <see cref="AddTokens"/> takes the vector path: the hardware has it and the options do not ask for the scalar walk.</summary>
    internal bool CanBeVectorized { get; }

    public ContentFeatures Features { get; } = new();

    public string File { get; }

    /// <summary>The manifest's generator field, as JSON keys are compared (UTF-8 bytes).</summary>
    public byte[]? GeneratorField { get; }

    /// <summary>The manifest's generator field as written, as CSV and TSV header cells are compared.</summary>
    public string? GeneratorFieldName { get; }

    /// <summary>A record whose canonical form is its bytes (a line of text): its hash is theirs; with its overlap hash when <see cref="HashesOverlap"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddRecord(ReadOnlySpan<byte> canonical, UInt128? overlap = null)
    {
        if (!_options.SkipRecords)
        {
            Features.AddRecordHash(XxHash128.HashToUInt128(canonical), TakeRecordGenerator(), overlap);
        }
    }

    /// <summary>The size of the buffer record hashing goes through (<see cref="FeatureExtractorOptions.CanonicalBufferBytes"/>).</summary>
    public int CanonicalBufferBytes => _options.CanonicalBufferBytes;

    /// <summary>Whether records are hashed (always, but in the stage benchmarks that leave them out).</summary>
    public bool HashesRecords => !_options.SkipRecords;

    /// <summary>A record whose hash a format computes itself (JSON: as readers read it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddRecordHash(UInt128 hash) => Features.AddRecordHash(hash, TakeRecordGenerator());

    /// <summary>A record whose format computed its overlap hash too (<see cref="HashesOverlap"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddRecordHash(UInt128 hash, UInt128 overlap) => Features.AddRecordHash(hash, TakeRecordGenerator(), overlap);

    public void AddField(ReadOnlySpan<byte> name)
    {
        // Keys of up to 15 bytes are their own signature (no hashing: most keys are short and every
        // record repeats them); the few distinct keys are remembered, so a key seen before costs a
        // scan of a few recent signatures.
        UInt128 key = name.Length <= 15 ? Pack(name) : new UInt128((1UL << 63) | (uint)name.Length, XxHash3.HashToUInt64(name));
        UInt128[] recent = _recentKeys;
        for (int i = 0; i < recent.Length; i++)
        {
            if (recent[i] == key)
            {
                return;
            }
        }

        recent[_nextRecent++ & (recent.Length - 1)] = key;
        if (_fieldsSeen.Add(key))
        {
            Features.AddField(Encoding.UTF8.GetString(name));
        }
    }

    /// <summary>A key of up to 15 bytes as 128 bits: its bytes, little-endian, and its length in the top byte.</summary>
    private static UInt128 Pack(ReadOnlySpan<byte> name)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        name.CopyTo(bytes);
        bytes[15] = (byte)name.Length;
        return new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes));
    }

    /// <summary>A generator value of the record being read (formats report a record's generator values before its hash).</summary>
    public void AddGenerator(ReadOnlySpan<byte> value, long line)
    {
        string text = Encoding.UTF8.GetString(value);
        Features.AddGenerator(text, File, line);
        if (_recordGenerator is null && !_recordGeneratorUnclear)
        {
            _recordGenerator = _generatorNames.TryGetValue(text, out string? shared) ? shared : _generatorNames[text] = text;
        }
        else if (_recordGenerator != text)
        {
            _recordGeneratorUnclear = true;
        }
    }

    /// <summary>The record being read names no generator: <paramref name="what"/> says what it holds instead.</summary>
    public void AddGeneratorMissing(string what, long line)
    {
        Features.AddGeneratorMissing(what, File, line);
        _recordGeneratorUnclear = true;
    }

    /// <summary>
    /// The one generator the record just read named, for <see cref="ContentFeatures.RecordGenerators"/>;
    /// null when it named none or several. Resets for the next record.
    /// </summary>
    private string? TakeRecordGenerator()
    {
        string? generator = _recordGeneratorUnclear ? null : _recordGenerator;
        _recordGenerator = null;
        _recordGeneratorUnclear = false;
        return generator;
    }

    /// <summary>
    /// Counts the tokens whose bytes are set in <paramref name="token"/> within [start, end) of
    /// <paramref name="data"/>: each in the numeric histogram or the token sketch, and each
    /// adjacent pair within the range in the token-pair sketch. <see cref="TokenHash"/>,
    /// <see cref="TokenBucket"/>, <see cref="PairBucket"/> and <see cref="NumericBin"/> define what
    /// is counted; the scalar walk is the reference and the AVX-512 path must equal it.
    /// </summary>
    public void AddTokens(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> token, ReadOnlySpan<ulong> digit, int start, int end)
    {
        if (start >= end || _options.SkipTokens)
        {
            return;
        }

        if (CanBeVectorized)
        {
            AddTokensVectorized(data, token, digit, start, end);
        }
        else
        {
            AddTokensScalar(data, token, digit, start, end);
        }

        _bytesSinceFlush += end - start;
        if (_bytesSinceFlush > MaxBytesBeforeFlush)
        {
            FlushCounts();
        }
    }

    /// <summary>The reference walk: token starts and ends a 64-bit word at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void AddTokensScalar(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> token, ReadOnlySpan<ulong> digit, int start, int end)
    {
        uint previous = 0;
        uint[] counts = _counts, bigrams = _bigrams;
        int pending = -1;
        int firstWord = start >> 6, lastWord = (end - 1) >> 6;
        for (int w = firstWord; w <= lastWord; w++)
        {
            ulong t = token[w];
            if (w == firstWord)
            {
                t &= ~0UL << (start & 63);
            }

            if (w == lastWord && (end & 63) != 0)
            {
                t &= (1UL << (end & 63)) - 1;
            }

            ulong carry = pending >= 0 ? 1UL : 0UL;
            ulong shifted = (t << 1) | carry;
            ulong starts = t & ~shifted;
            ulong ends = ~t & shifted;
            int wordBase = w << 6;
            while (true)
            {
                if (pending < 0)
                {
                    if (starts == 0)
                    {
                        break;
                    }

                    pending = wordBase + BitOperations.TrailingZeroCount(starts);
                    starts &= starts - 1;
                }

                if (ends == 0)
                {
                    break;
                }

                int e = wordBase + BitOperations.TrailingZeroCount(ends);
                ends &= ends - 1;
                previous = Count(data, digit, pending, e, previous, counts, bigrams);
                pending = -1;
            }
        }

        if (pending >= 0)
        {
            Count(data, digit, pending, end, previous, counts, bigrams);
        }
    }

    /// <summary>
    /// Counts one token: one load of the eight bytes that end at its end (and of its first eight
    /// when longer), a SWAR test for "all digits", one increment in a table that holds the numeric
    /// bins followed by the sketch buckets, and one in the pair sketch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Count(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> digit, int s, int e, uint previous, uint[] counts, uint[] bigrams)
    {
        int length = e - s;
        ref byte bytes = ref MemoryMarshal.GetReference(data);
        int kept = Math.Min(length, 8);
        ulong keep = ~0UL << (8 * (8 - kept));
        ulong last = (e >= 8 ? Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, e - 8)) : LoadEnding(data, e)) & keep;
        ulong first = length > 8 ? Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, s)) : 0;
        uint hash = HashOf(last, first, length);
        int index;
        if (length <= 8)
        {
            ulong x = last ^ 0x3030303030303030UL;
            ulong bad = (x | (x + 0x7676767676767676UL)) & 0x8080808080808080UL & keep;
            index = bad != 0 ? ContentFeatures.NumericBins + TokenBucket(hash)
                : length <= 3 ? NumericBinOfLast(last, length) : ContentFeatures.OverflowBin;
        }
        else
        {
            index = BitScan.NextClear(digit, s, e) >= e ? ContentFeatures.OverflowBin : ContentFeatures.NumericBins + TokenBucket(hash);
        }

        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(counts), index)++;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bigrams), previous == 0 ? PairSlotUnused : PairBucket(previous, hash))++;
        return hash | 1;
    }

    /// <summary>The bytes [e-8, e) of <paramref name="data"/> as a little-endian word, zeros before the data's start.</summary>
    private static ulong LoadEnding(ReadOnlySpan<byte> data, int e)
    {
        ulong v = 0;
        for (int i = Math.Max(0, e - 8); i < e; i++)
        {
            v |= (ulong)data[i] << (8 * (i - e + 8));
        }

        return v;
    }

    /// <summary>The numeric bin of an all-digit token of 1–3 bytes at the top of <paramref name="last"/> (bytes below it zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NumericBinOfLast(ulong last, int length)
    {
        uint x = ((uint)(last >> 40) ^ 0x303030u) & 0x0F0F0Fu;
        int value = ((int)(x & 0xF) * 100) + ((int)((x >> 8) & 0xF) * 10) + (int)(x >> 16);
        return (length >= 2 ? 10 : 0) + (length >= 3 ? 100 : 0) + value;
    }

    /// <summary>
    /// A token's 32-bit hash, of its length, its last eight bytes (aligned to its end; bytes before
    /// the token are zero) and, past eight bytes, its first eight (xored into the last eight): cheap
    /// enough for 32-bit vector lanes, from two loads and three multiplies per token.
    /// </summary>
    internal static uint TokenHash(ReadOnlySpan<byte> token)
    {
        int kept = Math.Min(token.Length, 8);
        ulong last = 0;
        for (int j = 0; j < kept; j++)
        {
            last |= (ulong)token[token.Length - kept + j] << (8 * (8 - kept + j));
        }

        ulong first = token.Length > 8 ? BinaryPrimitives.ReadUInt64LittleEndian(token) : 0;
        return HashOf(last, first, token.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint HashOf(ulong last, ulong first, int length)
    {
        uint h = (((uint)(last >> 32) ^ (uint)(first >> 32)) * HighFactor) + (((uint)last ^ (uint)first) * LowFactor) + ((uint)length * LengthFactor);
        h ^= h >> 15;
        h *= MixFactor;
        return h ^ (h >> 13);
    }

    /// <summary>The token-sketch bucket of a token hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int TokenBucket(uint hash) => (int)(hash >> 20);

    /// <summary>The token-pair bucket of two adjacent tokens' hashes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PairBucket(uint previousHash, uint hash) => (int)(((BitOperations.RotateLeft(previousHash | 1, 13) ^ hash) * PairFactor) >> 20);

    /// <summary>Adds the per-block counts into the features (call before reading <see cref="Features"/>).</summary>
    public ContentFeatures Flush()
    {
        FlushCounts();
        return Features;
    }

    private void FlushCounts()
    {
        CountPending();
        _bytesSinceFlush = 0;
        HistogramKernels.AccumulateAndClear(Features.Numeric, _counts.AsSpan(0, ContentFeatures.NumericBins));
        HistogramKernels.AccumulateAndClear(Features.Tokens, _counts.AsSpan(ContentFeatures.NumericBins));
        HistogramKernels.AccumulateAndClear(Features.Bigrams, _bigrams.AsSpan(0, ContentFeatures.SketchBuckets));
        _bigrams[PairSlotUnused] = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int NumericBin(ReadOnlySpan<byte> data, int s, int length) => length switch
    {
        1 => data[s] - '0',
        2 => 10 + ((data[s] - '0') * 10) + (data[s + 1] - '0'),
        3 => 110 + ((data[s] - '0') * 100) + ((data[s + 1] - '0') * 10) + (data[s + 2] - '0'),
        _ => ContentFeatures.OverflowBin,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
