using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Yaml;

namespace Gate.Core.Tests.Yaml;

public class YamlTreeReaderTests
{
    private static InputError ParseError(string yaml, YamlLimits? limits = null)
    {
        var ex = Assert.Throws<GateInputException>(() => YamlTreeReader.Parse(yaml, "f.yaml", limits));
        return Assert.Single(ex.Errors);
    }

    [Fact]
    public void Reads_mappings_sequences_and_scalars_with_locations()
    {
        var root = Assert.IsType<YamlMapping>(YamlTreeReader.Parse("a: 1\nb:\n  - x\n  - 'y'\n", "f.yaml"));
        var b = Assert.IsType<YamlSequence>(root["b"]);
        var y = Assert.IsType<YamlScalar>(b.Items[1]);
        Assert.Equal("y", y.Value);
        Assert.False(y.IsPlain);
        Assert.Equal(new SourceLocation("f.yaml", 4, 5), y.Location);
        Assert.Equal(new SourceLocation("f.yaml", 1, 4), root["a"]!.Location);
    }

    [Fact]
    public void Anchors_are_rejected()
    {
        InputError error = ParseError("a: &x 1\nb: 2\n");
        Assert.Equal("GATE100", error.Code);
        Assert.Contains("anchor", error.Message);
        Assert.Equal(1, error.Location!.Value.Line);
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_its_first_anchor()
    {
        var sb = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++)
        {
            sb.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        }

        InputError error = ParseError(sb.ToString());
        Assert.Equal("GATE100", error.Code);
        Assert.Equal(1, error.Location!.Value.Line);
    }

    [Fact]
    public void Aliases_without_a_preceding_anchor_node_are_rejected()
    {
        // An alias to an undefined anchor is a parser error; either way nothing is expanded.
        Assert.Equal("GATE100", ParseError("a: *nothing\n").Code);
    }

    [Theory]
    [InlineData("a: !foo bar\n")]
    [InlineData("a: !!python/object:os.system ls\n")]
    [InlineData("a: !!python/object/apply:os.system [ls]\n")]
    [InlineData("a: !<tag:example.com,2000:thing> x\n")]
    [InlineData("!!python/object:__main__.X\nb: 1\n")]
    public void Custom_tags_are_rejected(string yaml)
    {
        InputError error = ParseError(yaml);
        Assert.Equal("GATE100", error.Code);
        Assert.Contains("tag", error.Message);
    }

    [Theory]
    [InlineData("a: !!str 1\n")]
    [InlineData("a: !!int 1\n")]
    [InlineData("a: ! x\n")]
    public void Core_schema_and_non_specific_tags_are_accepted(string yaml)
    {
        var root = Assert.IsType<YamlMapping>(YamlTreeReader.Parse(yaml, "f.yaml"));
        Assert.IsType<YamlScalar>(root["a"]);
    }

    [Fact]
    public void Duplicate_keys_are_GATE104_at_the_second_key()
    {
        InputError error = ParseError("version: 1\nmodels: []\nversion: 2\n");
        Assert.Equal("GATE104", error.Code);
        Assert.Equal(new SourceLocation("f.yaml", 3, 1), error.Location);
        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void Duplicate_keys_in_nested_mappings_are_found()
    {
        InputError error = ParseError("models:\n  - id: a\n    root: true\n    id: b\n");
        Assert.Equal("GATE104", error.Code);
        Assert.Equal(new SourceLocation("f.yaml", 4, 5), error.Location);
    }

    [Fact]
    public void The_same_key_in_sibling_mappings_is_fine()
    {
        Assert.NotNull(YamlTreeReader.Parse("- id: a\n- id: b\n", "f.yaml"));
    }

    [Fact]
    public void Nesting_up_to_64_levels_is_read_and_deeper_is_refused()
    {
        Assert.NotNull(YamlTreeReader.Parse(new string('[', 64) + new string(']', 64), "f.yaml"));

        InputError error = ParseError(new string('[', 65) + new string(']', 65));
        Assert.Equal("GATE100", error.Code);
        Assert.Contains("64", error.Message);
    }

    [Fact]
    public void Deep_block_mappings_are_refused()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 70; i++)
        {
            sb.Append(new string(' ', i * 2)).Append("k:\n");
        }

        Assert.Equal("GATE100", ParseError(sb.ToString()).Code);
    }

    [Fact]
    public void Oversized_scalars_are_refused()
    {
        string yaml = "a: " + new string('x', YamlLimits.Default.MaxScalarLength + 1) + "\n";
        InputError error = ParseError(yaml);
        Assert.Equal("GATE100", error.Code);
        Assert.Equal(1, error.Location!.Value.Line);

        Assert.NotNull(YamlTreeReader.Parse("a: " + new string('x', YamlLimits.Default.MaxScalarLength) + "\n", "f.yaml"));
    }

    [Fact]
    public void Scalar_limit_is_configurable()
    {
        var limits = YamlLimits.Default with { MaxScalarLength = 3 };
        Assert.Equal("GATE100", ParseError("a: abcd\n", limits).Code);
        Assert.NotNull(YamlTreeReader.Parse("a: abc\n", "f.yaml", limits));
    }

    [Fact]
    public void Oversized_files_are_refused_before_parsing()
    {
        using var repo = new TestRepo();
        repo.Write("big.yaml", "a: " + new string('x', 200) + "\n");
        var limits = YamlLimits.Default with { MaxFileBytes = 100 };
        var ex = Assert.Throws<GateInputException>(() => YamlTreeReader.ReadFile(repo.PathOf("big.yaml"), "big.yaml", limits));
        InputError error = Assert.Single(ex.Errors);
        Assert.Equal("GATE100", error.Code);
        Assert.Equal(SourceLocation.WholeFile("big.yaml"), error.Location);
    }

    [Fact]
    public void The_default_file_limit_is_4_MiB()
    {
        using var repo = new TestRepo();
        repo.Write("big.yaml", "# " + new string('x', 4 * 1024 * 1024) + "\n");
        var ex = Assert.Throws<GateInputException>(() => YamlTreeReader.ReadFile(repo.PathOf("big.yaml"), "big.yaml"));
        Assert.Equal("GATE100", Assert.Single(ex.Errors).Code);
    }

    [Fact]
    public void A_BOM_and_CRLF_line_endings_work_and_keep_line_numbers()
    {
        using var repo = new TestRepo();
        byte[] bom = [0xEF, 0xBB, 0xBF];
        repo.WriteBytes("f.yaml", [.. bom, .. Encoding.UTF8.GetBytes("a: 1\r\nb:\r\n  - x\r\n  - y\r\n")]);
        var root = Assert.IsType<YamlMapping>(YamlTreeReader.ReadFile(repo.PathOf("f.yaml"), "f.yaml"));
        Assert.Equal("1", Assert.IsType<YamlScalar>(root["a"]).Value);
        var b = Assert.IsType<YamlSequence>(root["b"]);
        var y = Assert.IsType<YamlScalar>(b.Items[1]);
        Assert.Equal("y", y.Value);
        Assert.Equal(new SourceLocation("f.yaml", 4, 5), y.Location);
        Assert.Equal(new SourceLocation("f.yaml", 1, 1), root.Entries[0].Key.Location);
    }

    [Fact]
    public void A_NUL_byte_is_GATE100_at_its_position()
    {
        InputError error = ParseError("a: 1\nb: x\0y\n");
        Assert.Equal("GATE100", error.Code);
        Assert.Equal(new SourceLocation("f.yaml", 2, 5), error.Location);
    }

    [Fact]
    public void Invalid_UTF8_is_GATE100()
    {
        using var repo = new TestRepo();
        repo.WriteBytes("f.yaml", [(byte)'a', (byte)':', (byte)' ', 0xC3, 0x28, (byte)'\n']);
        var ex = Assert.Throws<GateInputException>(() => YamlTreeReader.ReadFile(repo.PathOf("f.yaml"), "f.yaml"));
        InputError error = Assert.Single(ex.Errors);
        Assert.Equal("GATE100", error.Code);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void A_missing_file_is_GATE107()
    {
        using var repo = new TestRepo();
        var ex = Assert.Throws<GateInputException>(() => YamlTreeReader.ReadFile(repo.PathOf("nope.yaml"), "nope.yaml"));
        Assert.Equal("GATE107", Assert.Single(ex.Errors).Code);
    }

    [Theory]
    [InlineData("a: [1, 2\n", 2)]
    [InlineData("a: \"unterminated\n", 1)]
    [InlineData("a: {b: 1\n", 2)]
    [InlineData("a: 1\n b: 2\n", 2)]
    [InlineData("a:\n  - x\n  y: 1\n", 3)]
    [InlineData("- [a, b\n- c\n", 1)]
    [InlineData("servers:\n  - [a, b\n  - c\n", 2)]
    public void Malformed_YAML_is_GATE100_with_a_line_and_column(string yaml, int minLine)
    {
        InputError error = ParseError(yaml);
        Assert.Equal("GATE100", error.Code);
        Assert.NotNull(error.Location);
        SourceLocation at = error.Location.Value;
        Assert.True(at.HasPosition);
        Assert.InRange(at.Line, 1, minLine + 1);
        Assert.True(at.Column >= 1);
        Assert.DoesNotContain("(Line:", error.Message);
    }

    [Theory]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("---\na: 1\n...\n---\nb: 2\n")]
    public void Several_documents_are_rejected(string yaml)
    {
        InputError error = ParseError(yaml);
        Assert.Equal("GATE100", error.Code);
        Assert.Contains("more than one", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void An_empty_document_is_null(string yaml)
    {
        Assert.Null(YamlTreeReader.Parse(yaml, "f.yaml"));
    }

    [Fact]
    public void A_mapping_key_that_is_a_collection_is_rejected()
    {
        Assert.Equal("GATE100", ParseError("? [a, b]\n: 1\n").Code);
    }

    [Theory]
    [InlineData("a:\n", true)]
    [InlineData("a: ~\n", true)]
    [InlineData("a: null\n", true)]
    [InlineData("a: ''\n", false)]
    [InlineData("a: 'null'\n", false)]
    [InlineData("a: x\n", false)]
    public void Null_follows_the_core_schema(string yaml, bool isNull)
    {
        var root = Assert.IsType<YamlMapping>(YamlTreeReader.Parse(yaml, "f.yaml"));
        Assert.Equal(isNull, Assert.IsType<YamlScalar>(root["a"]).IsNull);
    }

    [Fact]
    public void A_repository_written_with_BOMs_and_CRLF_checks_like_one_with_LF()
    {
        static byte[] Windows(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n"))];
        using var repo = new TestRepo();
        repo.WriteBytes("gate.yaml", Windows(Fixtures.Policy()));
        repo.Data("data/d.jsonl");
        repo.WriteBytes("data/d.lineage.yaml", Windows("dataset: d.jsonl\nteacher: acme/owl-teacher\n"));
        var finding = Assert.Single(repo.Check().Findings);
        Assert.Equal("GATE001", finding.Rule.Code);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 2, 10), finding.Location);
    }
}
