using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// Token counting: the scalar walk counts exactly what the definitions (<c>TokenHash</c>,
/// <c>TokenBucket</c>, <c>PairBucket</c>, <c>NumericBin</c>) say, and the AVX-512 path counts
/// exactly what the scalar walk does, on random and adversarial text, over any sub-range, and with
/// token bits cleared as the JSON scanner clears keys and escapes.
/// </summary>
public sealed class TokenCountingTests
{
    public static TheoryData<string, int> Inputs()
    {
        var data = new TheoryData<string, int>();
        foreach (string kind in new[] { "random", "ascii", "json", "words", "numbers", "long", "dense" })
        {
            foreach (int length in new[] { 0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 1000, 5000 })
            {
                data.Add(kind, length);
            }
        }

        return data;
    }

    private static byte[] Make(string kind, int length, int seed)
    {
        var random = new Random(seed * 7919 + length);
        var bytes = new List<byte>(length + 200);
        while (bytes.Count < length)
        {
            switch (kind)
            {
                case "random":
                    bytes.Add((byte)random.Next(256));
                    break;
                case "ascii":
                    bytes.Add((byte)random.Next(32, 127));
                    break;
                case "json":
                    bytes.AddRange(KernelTests.Make("json", 60, random.Next()));
                    break;
                case "words":
                    for (int i = random.Next(1, 13); i > 0; i--)
                    {
                        bytes.Add((byte)('a' + random.Next(26)));
                    }

                    bytes.Add((byte)" .,\"\n"[random.Next(5)]);
                    break;
                case "numbers":
                    for (int i = random.Next(1, 6); i > 0; i--)
                    {
                        bytes.Add((byte)('0' + random.Next(10)));
                    }

                    bytes.AddRange(random.Next(4) == 0 ? "\"]"u8.ToArray() : ", "u8.ToArray());
                    break;
                case "long":
                {
                    // Tokens of 1–200 bytes: letters, digits, mixed ("12345678a12345678"), UTF-8.
                    int n = random.Next(4) switch { 0 => random.Next(1, 9), 1 => random.Next(9, 20), 2 => random.Next(60, 70), _ => random.Next(120, 200) };
                    int style = random.Next(4);
                    for (int i = 0; i < n; i++)
                    {
                        bytes.Add(style switch
                        {
                            0 => (byte)('0' + random.Next(10)),
                            1 => i == n / 2 ? (byte)'a' : (byte)('0' + random.Next(10)),
                            2 => (byte)(0x80 + random.Next(64)),
                            _ => (byte)('A' + random.Next(26)),
                        });
                    }

                    bytes.Add((byte)' ');
                    break;
                }

                default:
                    // One-byte tokens and gaps: up to 32 tokens in a 64-byte word.
                    bytes.Add((byte)('0' + random.Next(10)));
                    bytes.Add((byte)',');
                    break;
            }
        }

        return [.. bytes.Take(length)];
    }

    private static IEnumerable<(int Start, int End)> Ranges(int length, Random random)
    {
        yield return (0, length);
        if (length > 8)
        {
            yield return (8, length);
            yield return (1, length - 1);
        }

        for (int i = 0; i < 4 && length > 2; i++)
        {
            int a = random.Next(length), b = random.Next(length);
            yield return (Math.Min(a, b), Math.Max(a, b) + 1);
        }
    }

    private static (ulong[] Token, ulong[] Digit) Masks(byte[] input, Random random, bool clear)
    {
        var masks = new MaskBuffers().For(input.Length);
        StructuralKernels.Classify(input, masks);
        ulong[] token = masks.Token.ToArray(), digit = masks.Digit.ToArray();
        if (clear)
        {
            // Clear a few runs of token bits, as keys and escapes are cleared.
            for (int i = 0; i < input.Length / 40; i++)
            {
                int from = random.Next(input.Length);
                for (int p = from; p < Math.Min(input.Length, from + random.Next(1, 12)); p++)
                {
                    token[p >> 6] &= ~(1UL << (p & 63));
                }
            }
        }

        return (token, digit);
    }

    private static (long[] Numeric, long[] Tokens, long[] Pairs) Reference(byte[] input, ulong[] token, int start, int end)
    {
        var numeric = new long[ContentFeatures.NumericBins];
        var tokens = new long[ContentFeatures.SketchBuckets];
        var pairs = new long[ContentFeatures.SketchBuckets];
        bool IsToken(int p) => (token[p >> 6] & (1UL << (p & 63))) != 0;
        uint previous = 0;
        for (int i = start; i < end;)
        {
            if (!IsToken(i))
            {
                i++;
                continue;
            }

            int s = i;
            while (i < end && IsToken(i))
            {
                i++;
            }

            ReadOnlySpan<byte> text = input.AsSpan(s, i - s);
            uint hash = FeatureExtractor.TokenHash(text);
            if (text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
            {
                numeric[text.Length > 3 ? ContentFeatures.OverflowBin : FeatureExtractor.NumericBin(input, s, text.Length)]++;
            }
            else
            {
                tokens[FeatureExtractor.TokenBucket(hash)]++;
            }

            if (previous != 0)
            {
                pairs[FeatureExtractor.PairBucket(previous, hash)]++;
            }

            previous = hash | 1;
        }

        return (numeric, tokens, pairs);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_scalar_walk_counts_what_the_definitions_say(string kind, int length)
    {
        byte[] input = Make(kind, length, seed: 1);
        var random = new Random(length);
        foreach (bool clear in new[] { false, true })
        {
            (ulong[] token, ulong[] digit) = Masks(input, random, clear);
            foreach ((int start, int end) in Ranges(length, random))
            {
                var extractor = new FeatureExtractor("x", null);
                extractor.AddTokensScalar(input, token, digit, start, end);
                ContentFeatures features = extractor.Flush();
                var (numeric, tokens, pairs) = Reference(input, token, start, end);
                Assert.Equal(numeric, features.Numeric);
                Assert.Equal(tokens, features.Tokens);
                Assert.Equal(pairs, features.Bigrams);
            }
        }
    }

    [Avx512Theory]
    [MemberData(nameof(Inputs))]
    public void The_vector_path_counts_what_the_scalar_walk_does(string kind, int length)
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            byte[] input = Make(kind, length, seed);
            var random = new Random(seed * 31 + length);
            foreach (bool clear in new[] { false, true })
            {
                (ulong[] token, ulong[] digit) = Masks(input, random, clear);
                foreach ((int start, int end) in Ranges(length, random))
                {
                    var scalar = new FeatureExtractor("x", null);
                    var vector = new FeatureExtractor("x", null);
                    scalar.AddTokensScalar(input, token, digit, start, end);
                    vector.AddTokensVectorized(input, token, digit, start, end);
                    ContentFeatures expected = scalar.Flush(), actual = vector.Flush();
                    Assert.Equal(expected.Numeric, actual.Numeric);
                    Assert.Equal(expected.Tokens, actual.Tokens);
                    Assert.Equal(expected.Bigrams, actual.Bigrams);
                }
            }
        }
    }

    private static void AssertPathsAgree(byte[] input, ulong[] token, ulong[] digit, IEnumerable<(int Start, int End)> ranges, string because)
    {
        var scalar = new FeatureExtractor("x", null);
        var vector = new FeatureExtractor("x", null);
        foreach ((int start, int end) in ranges)
        {
            scalar.AddTokensScalar(input, token, digit, start, end);
            vector.AddTokensVectorized(input, token, digit, start, end);
        }

        ContentFeatures expected = scalar.Flush(), actual = vector.Flush();
        Assert.True(expected.Numeric.SequenceEqual(actual.Numeric), $"numeric histogram differs: {because}");
        Assert.True(expected.Tokens.SequenceEqual(actual.Tokens), $"token sketch differs: {because}");
        Assert.True(expected.Bigrams.SequenceEqual(actual.Bigrams), $"pair sketch differs: {because}");
    }

    private static ulong[] DigitMask(byte[] input)
    {
        var masks = new MaskBuffers().For(input.Length);
        StructuralKernels.Classify(input, masks);
        return masks.Digit.ToArray();
    }

    private static ulong[] MaskOf(int length, int from, int to)
    {
        var mask = new ulong[(length + 63) / 64 + 1];
        for (int p = from; p < to; p++)
        {
            mask[p >> 6] |= 1UL << (p & 63);
        }

        return mask;
    }

    [Avx512Fact]
    public void Long_tokens_that_start_around_one_word_back_take_the_same_counts_on_both_paths()
    {
        // A token longer than eight bytes whose first byte is 62–66 bytes before the word of its
        // last byte sits on the vector path's boundary with its scalar fallback.
        foreach (bool digits in new[] { true, false })
        {
            byte[] input = Enumerable.Range(0, 300).Select(i => digits ? (byte)('0' + (i % 10)) : (byte)('a' + (i % 26))).ToArray();
            ulong[] digit = DigitMask(input);
            foreach (int end in new[] { 128, 129, 140, 191, 192, 193 })
            {
                int word = (end - 1) >> 6;
                foreach (int back in new[] { 60, 61, 62, 63, 64, 65, 66, 67, 70, 130 })
                {
                    int start = Math.Max(0, (word << 6) - back);
                    ulong[] token = MaskOf(input.Length, start, end);
                    AssertPathsAgree(input, token, digit, [(0, input.Length)], $"token [{start}, {end}), digits: {digits}");
                    AssertPathsAgree(input, token, digit, [(start, end)], $"range = token [{start}, {end}), digits: {digits}");
                }
            }
        }
    }

    [Avx512Fact]
    public void Words_of_32_token_ends_that_begin_inside_a_token_take_the_same_counts_on_both_paths()
    {
        byte[] input = Enumerable.Range(0, 640).Select(i => (byte)(i % 7 == 0 ? 'x' : '0' + (i % 10))).ToArray();
        ulong[] digit = DigitMask(input);
        ulong[][] patterns =
        [
            [~0UL, 0x5555555555555555UL, 0xAAAAAAAAAAAAAAAAUL, 0x5555555555555555UL, ~0UL, 1UL << 63, 1UL, 0xAAAAAAAAAAAAAAABUL, 0xD555555555555555UL, ~0UL, 0],
            [0xAAAAAAAAAAAAAAAAUL, 0xAAAAAAAAAAAAAAABUL, 0xAAAAAAAAAAAAAAABUL, 0x8000000000000001UL, 0xFFFFFFFF00000000UL, 0x00000000FFFFFFFFUL, 0xF0F0F0F0F0F0F0F0UL, 0x0F0F0F0F0F0F0F0FUL, 0x5555555555555555UL, 0xAAAAAAAAAAAAAAAAUL, 0],
        ];
        foreach (ulong[] token in patterns)
        {
            foreach ((int start, int end) in new[] { (0, 640), (1, 639), (63, 577), (64, 576), (65, 575), (200, 201) })
            {
                AssertPathsAgree(input, token, digit, [(start, end)], $"pattern {Array.IndexOf(patterns, token)}, range [{start}, {end})");
            }
        }
    }

    [Avx512Fact]
    public void Many_short_ranges_before_one_flush_take_the_same_counts_on_both_paths()
    {
        // Record-sized calls on one extractor: the vector path's list of counts fills and carries
        // over between calls (it is counted when full and on flush).
        foreach (string kind in new[] { "numbers", "words", "dense", "long" })
        {
            byte[] input = Make(kind, 200_000, seed: 9);
            var random = new Random(kind.Length);
            (ulong[] token, ulong[] digit) = Masks(input, random, clear: true);
            var ranges = new List<(int, int)>();
            for (int at = 0; at < input.Length;)
            {
                int length = 1 + random.Next(600);
                ranges.Add((at, Math.Min(input.Length, at + length)));
                at += length + random.Next(3);
            }

            AssertPathsAgree(input, token, digit, ranges, $"{kind}, {ranges.Count} ranges");
        }
    }

    [Fact]
    public void A_long_token_is_hashed_by_its_length_and_first_and_last_eight_bytes()
    {
        Assert.Equal(FeatureExtractor.TokenHash("abcdefghXXXXXXXXijklmnop"u8), FeatureExtractor.TokenHash("abcdefghYYYYYYYYijklmnop"u8));
        Assert.NotEqual(FeatureExtractor.TokenHash("abcdefghXXXXXXXXijklmnop"u8), FeatureExtractor.TokenHash("abcdefghXXXXXXXijklmnop"u8));
        Assert.NotEqual(FeatureExtractor.TokenHash("087"u8), FeatureExtractor.TokenHash("87"u8));
    }
}
