using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace Gate.Core.Scanning;

/// <summary>
/// Turns records into <see cref="ContentFeatures"/>: the record hash (set digest and MinHash), and
/// the tokens of its text — maximal runs of ASCII letters, digits and non-ASCII bytes. An all-digit
/// token of up to three digits counts in the numeric histogram by its written form; every other
/// token counts in the token sketch; every adjacent pair counts in the bigram sketch.
/// One extractor per thread; the result of each is merged.
/// </summary>
internal sealed class FeatureExtractor
{
    private const ulong K1 = 0x9E3779B97F4A7C15UL;
    private readonly uint[] _numeric = new uint[ContentFeatures.NumericBins];
    private readonly uint[] _tokens = new uint[ContentFeatures.SketchBuckets];
    private readonly uint[] _bigrams = new uint[ContentFeatures.SketchBuckets];
    private readonly Dictionary<ulong, string> _fieldNames = [];
    private long _pending;

    public FeatureExtractor(string file, string? generatorField)
    {
        File = file;
        GeneratorField = generatorField is null ? null : Encoding.UTF8.GetBytes(generatorField);
    }

    public ContentFeatures Features { get; } = new();

    public string File { get; }

    public byte[]? GeneratorField { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddRecord(ReadOnlySpan<byte> canonical) => Features.AddRecordHash(XxHash128.HashToUInt128(canonical));

    public void AddField(ReadOnlySpan<byte> name)
    {
        ulong key = XxHash3.HashToUInt64(name);
        if (!_fieldNames.TryGetValue(key, out string? text))
        {
            text = Encoding.UTF8.GetString(name);
            _fieldNames[key] = text;
        }

        Features.AddField(text);
    }

    public void AddGenerator(ReadOnlySpan<byte> value, long line) =>
        Features.AddGenerator(Encoding.UTF8.GetString(value), File, line);

    /// <summary>Counts the tokens whose bytes are set in <paramref name="token"/> within [start, end) of <paramref name="data"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTokens(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> token, ReadOnlySpan<ulong> digit, int start, int end)
    {
        ulong previous = 0;
        int p = start;
        uint[] numeric = _numeric, tokens = _tokens, bigrams = _bigrams;
        long count = 0;
        while (true)
        {
            int s = BitScan.NextSet(token, p, end);
            if (s >= end)
            {
                break;
            }

            int e = BitScan.NextClear(token, s, end);
            int length = e - s;
            ulong hash = HashToken(data, s, length);
            if (BitScan.NextClear(digit, s, e) >= e)
            {
                numeric[NumericBin(data, s, length)]++;
            }
            else
            {
                tokens[hash >> 52]++;
            }

            if (previous != 0)
            {
                bigrams[Mix((previous * K1) ^ hash) >> 52]++;
            }

            previous = hash | 1;
            count++;
            p = e;
        }

        _pending += count;
        if (_pending > 1_000_000_000)
        {
            Flush();
        }
    }

    /// <summary>Adds the per-block counts into the features (call before reading <see cref="Features"/>).</summary>
    public ContentFeatures Flush()
    {
        HistogramKernels.AccumulateAndClear(Features.Numeric, _numeric);
        HistogramKernels.AccumulateAndClear(Features.Tokens, _tokens);
        HistogramKernels.AccumulateAndClear(Features.Bigrams, _bigrams);
        _pending = 0;
        return Features;
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
    internal static ulong HashToken(ReadOnlySpan<byte> data, int s, int length)
    {
        if (length <= 8)
        {
            ulong v;
            if (s + 8 <= data.Length)
            {
                v = BinaryPrimitives.ReadUInt64LittleEndian(data[s..]) & (~0UL >> (64 - (8 * length)));
            }
            else
            {
                v = 0;
                for (int i = length - 1; i >= 0; i--)
                {
                    v = (v << 8) | data[s + i];
                }
            }

            return Mix(v ^ ((ulong)length << 59));
        }

        return Mix(XxHash3.HashToUInt64(data.Slice(s, length)));
    }

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
