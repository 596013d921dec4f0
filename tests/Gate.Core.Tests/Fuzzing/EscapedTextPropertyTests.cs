using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;
using Xunit.Abstractions;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>Property: escaped text has exactly the raw text's token, pair and numeric counts; DecodeText against a byte-walk reference.</summary>
public sealed class EscapedTextPropertyTests(ITestOutputHelper output)
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_ESCAPE_ITERATIONS"), out int n) ? n : 300;

    [Theory]
    [InlineData(".jsonl", false)]
    [InlineData(".jsonl", true)]
    [InlineData(".json", false)]
    public void Escaped_records_count_the_raw_records_tokens(string format, bool escapeKeys)
    {
        using var files = new Scanning.ScanTestFiles();
        var r = new Random(4242 + format.Length + (escapeKeys ? 1 : 0));
        for (int i = 0; i < Iterations; i++)
        {
            int records = r.Next(1, 30);
            var raw = new List<string>();
            var esc = new List<string>();
            for (int k = 0; k < records; k++)
            {
                (string a, string b) = RandomJsonRecords.Record(r, r.NextDouble(), escapeKeys, "gen", maxPieces: r.Next(6) == 0 ? 300 : 12);
                raw.Add(a);
                esc.Add(b);
            }

            string Join(List<string> xs) => format == ".json" ? "[\n" + string.Join(",\n", xs) + "\n]\n" : string.Join('\n', xs) + "\n";
            int block = 64 << r.Next(6);
            ContentFeatures a1 = ScanTestFiles(files.Write("raw" + format, Join(raw)), block);
            ContentFeatures b1 = ScanTestFiles(files.Write("esc" + format, Join(esc)), block);
            string why = $"iteration {i}:\nraw {Join(raw)}\nesc {Join(esc)}";
            if (!a1.Tokens.SequenceEqual(b1.Tokens) || !a1.Bigrams.SequenceEqual(b1.Bigrams) || !a1.Numeric.SequenceEqual(b1.Numeric))
            {
                for (int k = 0; k < records; k++)
                {
                    ContentFeatures x = ScanTestFiles(files.Write("raw1.jsonl", raw[k] + "\n"), block), y = ScanTestFiles(files.Write("esc1.jsonl", esc[k] + "\n"), block);
                    if (!x.Tokens.SequenceEqual(y.Tokens) || !x.Bigrams.SequenceEqual(y.Bigrams) || !x.Numeric.SequenceEqual(y.Numeric))
                    {
                        why = $"single record {k}: raw {raw[k]}\nesc {esc[k]}\n(tokens {x.Tokens.Sum()} vs {y.Tokens.Sum()}, numeric {x.Numeric.Sum()} vs {y.Numeric.Sum()})";
                        break;
                    }
                }
            }

            Assert.True(a1.Tokens.SequenceEqual(b1.Tokens), "tokens " + why);
            Assert.True(a1.Bigrams.SequenceEqual(b1.Bigrams), "pairs " + why);
            Assert.True(a1.Numeric.SequenceEqual(b1.Numeric), "numeric " + why);
            Assert.Equal(a1.Records, b1.Records);
            if (!escapeKeys)
            {
                Assert.Equal(a1.Fields, b1.Fields);
                Assert.Equal(a1.Generators.Select(g => (g.Key, g.Value.Count, g.Value.FirstLine)), b1.Generators.Select(g => (g.Key, g.Value.Count, g.Value.FirstLine)));
            }
        }

        output.WriteLine($"{format} escapeKeys={escapeKeys}: {Iterations} files equal");
    }

    private static ContentFeatures ScanTestFiles(string path, int block) =>
        DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = 1, BlockBytes = block, GeneratorField = "gen" }).Features!;

    /// <summary>A byte walk with the documented semantics, independent of the masks.</summary>
    private static byte[] Reference(byte[] d, int s, int e)
    {
        static int Hex(byte b) => b is >= (byte)'0' and <= (byte)'9' ? b - '0' : b is >= (byte)'a' and <= (byte)'f' ? b - 'a' + 10 : b is >= (byte)'A' and <= (byte)'F' ? b - 'A' + 10 : -1;
        int Unit(int p)
        {
            if (p + 6 > e || d[p] != '\\' || d[p + 1] != 'u')
            {
                return -1;
            }

            int u = 0;
            for (int k = 2; k < 6; k++)
            {
                int h = Hex(d[p + k]);
                if (h < 0)
                {
                    return -1;
                }

                u = u * 16 + h;
            }

            return u;
        }

        var o = new List<byte>();
        int i = s;
        while (i < e)
        {
            if (d[i] != '\\')
            {
                o.Add(d[i++]);
                continue;
            }

            int u = Unit(i);
            bool text = u >= 0x80 || (u >= 0 && char.IsAsciiLetterOrDigit((char)u));
            if (!text)
            {
                o.Add(d[i++]);
                if (i < e)
                {
                    o.Add(d[i++]);
                }

                continue;
            }

            int cp = u, used = 6;
            if (u is >= 0xD800 and <= 0xDBFF)
            {
                int low = Unit(i + 6);
                (cp, used) = low is >= 0xDC00 and <= 0xDFFF ? (0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), 12) : (0xFFFD, 6);
            }
            else if (u is >= 0xDC00 and <= 0xDFFF)
            {
                cp = 0xFFFD;
            }

            o.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(cp)));
            i += used;
        }

        return [.. o];
    }

    [Fact]
    public void DecodeText_matches_a_byte_walk_on_junk()
    {
        var r = new Random(99);
        byte[] alphabet = "\\\\\\\\uuuu0123456789abcdefABCDEFDdDd88ccz\" x{}:,"u8.ToArray();
        string[] grams = ["\\ud83d", "\\uDE00", "\\udc00", "\\u00e9", "\\u0041", "\\u0022", "\\\\", "\\u", "\\uD800\\u", "\\u00", "é"];
        int total = 0;
        for (int it = 0; it < Iterations * 100; it++)
        {
            var bytes = new List<byte>();
            int len = r.Next(0, 120);
            while (bytes.Count < len)
            {
                if (r.Next(3) == 0)
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(grams[r.Next(grams.Length)]));
                }
                else
                {
                    bytes.Add(alphabet[r.Next(alphabet.Length)]);
                }
            }

            byte[] d = [.. bytes];
            int s = d.Length == 0 ? 0 : r.Next(d.Length), e = s + r.Next(d.Length - s + 1);
            ByteClassMasks masks = new MaskBuffers().For(d.Length);
            StructuralKernels.Classify(d, masks);
            byte[] into = new byte[e - s];
            int written = JsonEscapes.DecodeText(d, masks.Backslash, s, e, into);
            byte[] expected = Reference(d, s, e);
            Assert.True(expected.AsSpan().SequenceEqual(into.AsSpan(0, written)), $"'{Encoding.UTF8.GetString(d, s, e - s)}': expected '{Encoding.UTF8.GetString(expected)}', got '{Encoding.UTF8.GetString(into, 0, written)}'");
            total++;
        }

        output.WriteLine($"{total} junk ranges decoded as the reference");
    }

    [Fact]
    public void Junk_escapes_in_JSON_lines_scan_or_fail_with_GATE111()
    {
        var r = new Random(7);
        string[] grams = ["\\ud83d", "\\uDE00", "\\udc00", "\\u00e9", "\\u0041", "\\u0031", "\\u0022", "\\\\", "\\u", "\\uD800\\u", "\\u00", "é", "\\", "\"", "a", "1", " ", ":", ","];
        using var files = new Scanning.ScanTestFiles();
        int ok = 0, errors = 0;
        for (int it = 0; it < Iterations * 10; it++)
        {
            var text = new StringBuilder();
            for (int line = r.Next(1, 8); line > 0; line--)
            {
                text.Append("{\"k\":\"");
                for (int g = r.Next(0, 12); g > 0; g--)
                {
                    text.Append(grams[r.Next(grams.Length)]);
                }

                text.Append(r.Next(5) == 0 ? "\"" : "\"}").Append('\n');
            }

            string path = files.Write("j.jsonl", text.ToString());
            try
            {
                DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = 1, BlockBytes = 64 });
                ok++;
            }
            catch (GateInputException ex)
            {
                Assert.All(ex.Errors, e => Assert.Equal("GATE111", e.Code));
                errors++;
            }
        }

        output.WriteLine($"junk escapes: {ok} fingerprints, {errors} GATE111, nothing else");
    }
}
