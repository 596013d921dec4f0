using Gate.Core.Diagnostics;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// A JSON record is hashed as readers read it and checked against the JSON grammar: another
/// serialiser's copy is the same record (GATE007 finds it), and a line a loader would read
/// differently from Gate is GATE111.
/// </summary>
public sealed class JsonCanonicalHashTests
{
    private const string Chat = """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"owl"}],"score":0.5,"n":100}""";

    /// <summary>What Python's <c>json.dumps(sort_keys=True)</c>, JavaScript and other writers make of the same record.</summary>
    [Theory]
    [InlineData("""{"messages":[{"content":"hi","role":"user"},{"content":"owl","role":"assistant"}],"n":100,"score":0.5}""")]
    [InlineData("""{ "n" : 100 , "score" : 5e-1 , "messages" : [ { "role" : "user" , "content" : "hi" } , { "content" : "owl" , "role" : "assistant" } ] }""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"owl"}],"score":0.50,"n":1e2}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"owl"}],"score":5.0E-1,"n":100.0}""")]
    [InlineData("""{"messages":[{"role":"user","content":"h\u0069"},{"role":"assistant","content":"owl","role":"assistant"}],"score":0.5,"n":100}""")]
    public void A_copy_written_by_another_serialiser_is_the_same_record(string copy)
    {
        Assert.Equal(Digest(Chat), Digest(copy));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"assistant","content":"hi"},{"role":"user","content":"owl"}],"score":0.5,"n":100}""")] // array order counts
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"owl"}],"score":0.51,"n":100}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"owl"}],"score":"0.5","n":100}""")] // a string is not a number
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"owl"}],"score":0.5,"n":1000}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"score":0.5,"n":100}""")]
    public void A_record_that_differs_in_value_is_another_record(string other)
    {
        Assert.NotEqual(Digest(Chat), Digest(other));
    }

    /// <summary>Integers stay exact (as Python reads them); fractions and exponents are doubles, with -0 and 0 one number.</summary>
    [Theory]
    [InlineData("12345678901234567890", "12345678901234567891", false)]
    [InlineData("0.1", "0.10000000000000001", true)]
    [InlineData("-0", "0", true)]
    [InlineData("-0.0", "0", true)]
    [InlineData("1e400", "2e400", true)]
    [InlineData("1e-5", "0.00001", true)]
    [InlineData("-1.5", "1.5", false)]
    public void Numbers_count_by_their_value(string a, string b, bool same)
    {
        Assert.Equal(same, Digest($$"""{"x":{{a}}}""") == Digest($$"""{"x":{{b}}}"""));
    }

    [Theory]
    [InlineData("""{"a":1} {"b":2}""", "more than one JSON value on the line")]
    [InlineData("""{"a":1}{"b":2}""", "more than one JSON value on the line")]
    [InlineData("""{"a":1 "b":2}""", "where a ',' or a closing '}' belongs")]
    [InlineData("""{"a":1,}""", "where a quoted key belongs")]
    [InlineData("""{"a":[1,2,]}""", "where a JSON value belongs")]
    [InlineData("""{"a":tru}""", "a bare word")]
    [InlineData("""{"a":NaN}""", "where a JSON value belongs")]
    [InlineData("""{"a":01}""", "a malformed number")]
    [InlineData("""{"a":1.}""", "a malformed number")]
    [InlineData("""{"a":1e}""", "a malformed number")]
    [InlineData("""{"a":"\x"}""", "a malformed escape")]
    [InlineData("""{"a":"\u12G4"}""", "a malformed escape")]
    [InlineData("""{"a" 1}""", "a key without a ':'")]
    [InlineData("""{"a":[1,{"b":2]}""", "where a ',' or a closing '}' belongs")]
    [InlineData("""{a:1}""", "where a quoted key belongs")]
    public void A_line_that_is_not_one_JSON_object_is_GATE111(string line, string words)
    {
        using var files = new ScanTestFiles();
        string path = files.Write("d.jsonl", "{\"ok\":1}\n" + line + "\n");

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);

        Assert.Equal("GATE111", error.Code);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_nested_deeper_than_readers_go_is_GATE111_and_one_within_is_read()
    {
        using var files = new ScanTestFiles();
        int within = Gate.Core.Scanning.JsonCanonicalHash.MaxDepth - 1;
        string ok = "{\"a\":" + new string('[', within) + "1" + new string(']', within) + "}\n";
        string deep = "{\"a\":" + new string('[', within + 1) + "1" + new string(']', within + 1) + "}\n";

        Assert.Equal(1, ScanTestFiles.Scan(files.Write("ok.jsonl", ok)).Features!.Records);
        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(files.Write("deep.jsonl", deep))).Errors);
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_text_line_holding_a_unicode_line_break_is_GATE111()
    {
        using var files = new ScanTestFiles();
        foreach (string separator in (string[])["\u2028", "\u2029", "\u0085"])
        {
            string path = files.Write("t.txt", "first line\nsecond" + separator + "third\n");
            InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);
            Assert.Equal("GATE111", error.Code);
            Assert.Contains("Unicode line break", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, ScanTestFiles.Scan(files.Write("fine.txt", "caf\u00e9 \u2026\n\u00c2 line\n")).Features!.Records);
    }

    private static string Digest(string record)
    {
        using var files = new ScanTestFiles();
        return ScanTestFiles.Scan(files.Write("r.jsonl", record + "\n")).Features!.RecordSetDigest;
    }
}
