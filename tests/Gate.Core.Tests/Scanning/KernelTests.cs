using System.Runtime.Intrinsics;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>Every vector path of every kernel equals its scalar reference, on random and adversarial input.</summary>
public sealed class KernelTests
{
    public static TheoryData<string, int> Inputs()
    {
        var data = new TheoryData<string, int>();
        foreach (string kind in new[] { "random", "ascii", "quotes", "backslashes", "newlines", "digits", "high", "json" })
        {
            foreach (int length in new[] { 0, 1, 63, 64, 65, 127, 128, 1000, 4099 })
            {
                data.Add(kind, length);
            }
        }

        return data;
    }

    internal static byte[] Make(string kind, int length, int seed = 1)
    {
        var random = new Random(seed + length);
        var bytes = new byte[length];
        byte[] json = "{\"prompt\":\"a \\\"q\\\" \\\\ \\n 087\",\"n\":[1,22,333,4444]}\r\n"u8.ToArray();
        for (int i = 0; i < length; i++)
        {
            bytes[i] = kind switch
            {
                "random" => (byte)random.Next(256),
                "ascii" => (byte)random.Next(32, 127),
                "quotes" => random.Next(3) == 0 ? (byte)'a' : (byte)'"',
                "backslashes" => random.Next(4) == 0 ? (byte)'"' : (byte)'\\',
                "newlines" => random.Next(2) == 0 ? (byte)'\n' : (byte)'\r',
                "digits" => (byte)('0' + random.Next(10) + (random.Next(8) == 0 ? 10 : 0)),
                "high" => (byte)(0x7E + random.Next(4)),
                _ => json[i % json.Length],
            };
        }

        return bytes;
    }

    private static (ulong[] Q, ulong[] B, ulong[] N, ulong[] T, ulong[] D) Run(byte[] input, Func<ReadOnlySpan<byte>, ByteClassMasks, int>? vector)
    {
        int words = ByteClassMasks.WordsFor(input.Length);
        var masks = new ByteClassMasks { Quote = new ulong[words], Backslash = new ulong[words], Newline = new ulong[words], Token = new ulong[words], Digit = new ulong[words] };
        int done = vector is null ? 0 : vector(input, masks);
        StructuralKernels.ClassifyScalar(input, masks, done);
        return (masks.Quote.ToArray(), masks.Backslash.ToArray(), masks.Newline.ToArray(), masks.Token.ToArray(), masks.Digit.ToArray());
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Classify_vector_paths_equal_the_scalar_reference(string kind, int length)
    {
        byte[] input = Make(kind, length);
        var expected = Run(input, null);

        if (Vector512.IsHardwareAccelerated)
        {
            Same(expected, Run(input, (s, m) => s.Length >= 64 ? StructuralKernels.Classify512(s, m) : 0));
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Same(expected, Run(input, (s, m) => s.Length >= 64 ? StructuralKernels.Classify256(s, m) : 0));
        }

        if (Vector128.IsHardwareAccelerated)
        {
            Same(expected, Run(input, (s, m) => s.Length >= 64 ? StructuralKernels.Classify128(s, m) : 0));
        }

        Same(expected, Run(input, (s, m) => { StructuralKernels.Classify(s, m); return s.Length & ~63; }));
    }

    private static void Same((ulong[] Q, ulong[] B, ulong[] N, ulong[] T, ulong[] D) expected, (ulong[] Q, ulong[] B, ulong[] N, ulong[] T, ulong[] D) actual)
    {
        Assert.Equal(expected.Q, actual.Q);
        Assert.Equal(expected.B, actual.B);
        Assert.Equal(expected.N, actual.N);
        Assert.Equal(expected.T, actual.T);
        Assert.Equal(expected.D, actual.D);
    }

    [Fact]
    public void Classify_scalar_reference_is_the_specification()
    {
        byte[] input = "a\"\\\n9Z\u00e9 "u8.ToArray();
        var (q, b, n, t, d) = Run(input, null);
        Assert.Equal(0b10UL, q[0]);
        Assert.Equal(0b100UL, b[0]);
        Assert.Equal(0b1000UL, n[0]);
        Assert.Equal(0b10000UL, d[0]);
        Assert.Equal(0b11110001UL, t[0]); // a, 9, Z, and both bytes of é
    }

    [Fact]
    public void Inside_quotes_is_the_running_parity_of_quotes()
    {
        var random = new Random(5);
        ulong carry = 0;
        bool inside = false;
        for (int round = 0; round < 200; round++)
        {
            ulong quotes = (ulong)random.NextInt64() & (ulong)random.NextInt64();
            ulong expected = 0;
            for (int i = 0; i < 64; i++)
            {
                if ((quotes >> i & 1) != 0)
                {
                    inside = !inside;
                }

                if (inside)
                {
                    expected |= 1UL << i;
                }
            }

            Assert.Equal(expected, StructuralKernels.InsideQuotes(quotes, ref carry));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    [InlineData(259)]
    public void MinHash_min_and_count_vector_paths_equal_scalar(int length)
    {
        var random = new Random(length);
        ulong[] a = Enumerable.Range(0, length).Select(_ => random.Next(4) == 0 ? ulong.MaxValue : (ulong)random.Next(8)).ToArray();
        ulong[] b = Enumerable.Range(0, length).Select(_ => random.Next(4) == 0 ? ulong.MaxValue : (ulong)random.Next(8)).ToArray();
        ulong[] scalar = a.ToArray();
        MinHashKernels.MinIntoScalar(scalar, b);
        ulong[] vector = a.ToArray();
        MinHashKernels.MinInto(vector, b);

        Assert.Equal(scalar, vector);
        Assert.Equal(MinHashKernels.CountEqualScalar(a, b), MinHashKernels.CountEqual(a, b));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1111)]
    [InlineData(4096)]
    public void Histogram_accumulation_vector_path_equals_scalar(int length)
    {
        var random = new Random(length);
        long[] totals = Enumerable.Range(0, length).Select(_ => random.NextInt64(1L << 40)).ToArray();
        uint[] block = Enumerable.Range(0, length).Select(_ => (uint)random.Next() | (random.Next(2) == 0 ? 0x8000_0000u : 0)).ToArray();
        long[] expected = totals.ToArray();
        HistogramKernels.AccumulateScalar(expected, block);
        HistogramKernels.AccumulateAndClear(totals, block);

        Assert.Equal(expected, totals);
        Assert.All(block, v => Assert.Equal(0u, v));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Token_walk_equals_a_byte_by_byte_reference(string kind, int length)
    {
        byte[] input = Make(kind, length, seed: 3);
        var fast = new FeatureExtractor("x", null);
        var masks = new MaskBuffers().For(input.Length);
        StructuralKernels.Classify(input, masks);
        fast.AddTokens(input, masks.Token, masks.Digit, 0, input.Length);

        // Reference: split by bytes, count numeric tokens by written form.
        var numeric = new long[ContentFeatures.NumericBins];
        long others = 0;
        int i = 0;
        while (i < input.Length)
        {
            if (!IsToken(input[i]))
            {
                i++;
                continue;
            }

            int s = i;
            while (i < input.Length && IsToken(input[i]))
            {
                i++;
            }

            var token = input.AsSpan(s, i - s);
            if (token.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
            {
                numeric[token.Length > 3 ? ContentFeatures.OverflowBin : FeatureExtractor.NumericBin(input, s, token.Length)]++;
            }
            else
            {
                others++;
            }
        }

        ContentFeatures features = fast.Flush();
        Assert.Equal(numeric, features.Numeric);
        Assert.Equal(others, features.Tokens.Sum());
    }

    private static bool IsToken(byte b) => (uint)(b - '0') < 10 || (uint)((b | 0x20) - 'a') < 26 || b >= 0x80;
}
