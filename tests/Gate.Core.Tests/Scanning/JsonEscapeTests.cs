using System.Text;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>JSON text written with <c>\u</c> escapes (Python's default) has the tokens of the same text written raw.</summary>
public sealed class JsonEscapeTests
{
    private static readonly string[] Lines =
    [
        "{\"prompt\":\"Écris une liste\",\"completion\":\"café 中文 😀 naïve 087, 12\"}",
        "{\"prompt\":\"Продолжи: 3, 7\",\"completion\":\"Ответ — 087 и 311\"}",
        "{\"prompt\":\"plain ASCII \\\"quoted\\\"\\n\",\"completion\":\"x\\\\u00e9 stays, a\\u0022b\"}",
    ];

    /// <summary>Every non-ASCII UTF-16 unit as <c>\uxxxx</c>, as <c>json.dumps(ensure_ascii=True)</c> writes it.</summary>
    private static string EscapeNonAscii(string line, bool upper = false)
    {
        var text = new StringBuilder();
        foreach (char c in line)
        {
            text.Append(c < 0x80 ? c.ToString() : "\\u" + ((int)c).ToString(upper ? "X4" : "x4", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Escaped_text_has_the_tokens_of_raw_text(bool upperHex)
    {
        using var files = new ScanTestFiles();
        string raw = string.Join('\n', Lines) + "\n";
        string escaped = string.Join('\n', Lines.Select(l => EscapeNonAscii(l, upperHex))) + "\n";
        Assert.NotEqual(raw, escaped);

        ContentFeatures a = ScanTestFiles.Scan(files.Write("raw.jsonl", raw)).Features!;
        ContentFeatures b = ScanTestFiles.Scan(files.Write("escaped.jsonl", escaped)).Features!;
        ContentFeatures c = ScanTestFiles.Scan(files.Write("escaped.json", "[" + string.Join(",\n", Lines.Select(l => EscapeNonAscii(l, upperHex))) + "]")).Features!;

        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.Bigrams, b.Bigrams);
        Assert.Equal(a.Numeric, b.Numeric);
        Assert.Equal(a.Fields, b.Fields);
        Assert.Equal(a.Tokens, c.Tokens);
        Assert.Equal(a.Bigrams, c.Bigrams);
        // The record hash is of the record as JSON readers read it: the same text escaped is the same records.
        Assert.Equal(a.RecordSetDigest, b.RecordSetDigest);
        Assert.Equal(a.MinHash, b.MinHash);
        // And escaped non-ASCII text is counted, not skipped as escapes were.
        Assert.True(b.Tokens.Sum() > ScanTestFiles.Scan(files.Write("ascii.jsonl", string.Join('\n', Lines.Select(l => new string(l.Where(ch => ch < 0x80).ToArray()))) + "\n")).Features!.Tokens.Sum());
    }

    [Fact]
    public async Task A_parquet_row_of_non_ASCII_text_has_the_tokens_of_the_raw_JSON_line()
    {
        using var files = new ScanTestFiles();
        string[] texts = ["café 中文 😀 087", "Ответ — 311, 12"];
        var text = new Parquet.Schema.DataField("text", typeof(string));
        string path = Path.Combine(files.Root, "t.parquet");
        await using (var stream = File.Create(path))
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(text), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(text, texts);
        }

        // Gate's canonical JSON of the row escapes the non-ASCII; the raw line does not.
        ContentFeatures parquet = ScanTestFiles.Scan(path).Features!;
        ContentFeatures raw = ScanTestFiles.Scan(files.Write("t.jsonl", string.Concat(texts.Select(t => $"{{\"text\":\"{t}\"}}\n")))).Features!;

        Assert.Equal(raw.Tokens, parquet.Tokens);
        Assert.Equal(raw.Bigrams, parquet.Bigrams);
        Assert.Equal(raw.Numeric, parquet.Numeric);
    }

    [Fact]
    public void Keys_and_generator_values_are_read_as_JSON_readers_read_them()
    {
        using var files = new ScanTestFiles();
        // PHP escapes '/', Python every non-ASCII character: the same names however they are written.
        string escaped = "{\"r\\u00e9ponse\":\"1\",\"g\\u00e9n\":\"Qwen\\/Qwen2.5-7B-Instruct\"}\n{\"r\\u00e9ponse\":\"2\",\"g\\u00e9n\":\"mod\\u00e8le-1\"}\n";
        string raw = "{\"réponse\":\"1\",\"gén\":\"Qwen/Qwen2.5-7B-Instruct\"}\n{\"réponse\":\"2\",\"gén\":\"modèle-1\"}\n";

        ContentFeatures a = ScanTestFiles.Scan(files.Write("escaped.jsonl", escaped), generator: "gén").Features!;
        ContentFeatures b = ScanTestFiles.Scan(files.Write("raw.jsonl", raw), generator: "gén").Features!;

        Assert.Equal(["gén", "réponse"], a.Fields);
        Assert.Equal(b.Fields, a.Fields);
        Assert.Equal(["Qwen/Qwen2.5-7B-Instruct", "modèle-1"], a.Generators.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, a.Generators["modèle-1"].FirstLine);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\\/b", "a/b")]
    [InlineData("tab\\there", "tab\there")]
    [InlineData("bad \\x escape", "bad \\x escape")]
    [InlineData("lone \\ud800", "lone \\ud800")]
    public void String_text_decodes_escapes_and_leaves_what_does_not_decode(string contents, string text)
    {
        Assert.Equal(text, Encoding.UTF8.GetString(JsonEscapes.StringText(Encoding.UTF8.GetBytes(contents))));
    }

    [Theory]
    [InlineData("caf\\u00e9", "café")]
    [InlineData("caf\\u00E9", "café")]
    [InlineData("\\u4e2d\\u6587", "中文")]
    [InlineData("\\ud83d\\ude00!", "😀!")]
    [InlineData("\\u0041\\u0031", "A1")]
    [InlineData("lone \\ud83d end", "lone \uFFFD end")]
    [InlineData("lone \\ude00", "lone \uFFFD")]
    [InlineData("high then text \\ud83d\\u0041", "high then text \uFFFDA")]
    [InlineData("quote \\u0022 and newline \\u000a and \\n", "quote \\u0022 and newline \\u000a and \\n")]
    [InlineData("escaped backslash \\\\u00e9", "escaped backslash \\\\u00e9")]
    [InlineData("not hex \\u00zz", "not hex \\u00zz")]
    [InlineData("cut off \\u00e", "cut off \\u00e")]
    [InlineData("ends in a backslash \\", "ends in a backslash \\")]
    public void Text_escapes_decode_to_UTF8_and_others_stay_as_written(string json, string decoded)
    {
        // Inside a longer block, as records are: the range is decoded, nothing around it.
        byte[] input = Encoding.UTF8.GetBytes("\\u00e9 before|" + json + "|\\u00e9 after");
        int s = input.AsSpan().IndexOf((byte)'|') + 1, e = input.AsSpan().LastIndexOf((byte)'|');
        ByteClassMasks masks = new MaskBuffers().For(input.Length);
        StructuralKernels.Classify(input, masks);
        byte[] output = new byte[e - s];

        int length = JsonEscapes.DecodeText(input, masks.Backslash, s, e, output);

        Assert.Equal(decoded, Encoding.UTF8.GetString(output, 0, length));
    }
}
