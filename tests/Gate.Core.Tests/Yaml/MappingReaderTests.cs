using Gate.Core.Diagnostics;
using Gate.Core.Yaml;

namespace Gate.Core.Tests.Yaml;

public class MappingReaderTests
{
    private static readonly string[] Keys = ["name", "count", "flag", "when", "kind", "items", "list"];

    private static (MappingReader Reader, InputErrorSink Errors) Read(string yaml)
    {
        var errors = new InputErrorSink();
        var reader = MappingReader.For(YamlTreeReader.Parse(yaml, "f.yaml"), "the thing", errors, Keys);
        Assert.NotNull(reader);
        return (reader, errors);
    }

    [Fact]
    public void Unknown_keys_are_GATE101_with_a_suggestion_and_their_location()
    {
        var (_, errors) = Read("name: x\ncuont: 3\nzzzzzzzz: 1\n");
        Assert.Equal(2, errors.Errors.Count);
        InputError typo = errors.Errors[0];
        Assert.Equal("GATE101", typo.Code);
        Assert.Contains("'cuont'", typo.Message);
        Assert.Contains("did you mean 'count'?", typo.Message);
        Assert.Equal(new SourceLocation("f.yaml", 2, 1), typo.Location);
        Assert.DoesNotContain("did you mean", errors.Errors[1].Message);
    }

    [Fact]
    public void Unknown_keys_are_allowed_when_asked()
    {
        var errors = new InputErrorSink();
        MappingReader.For(YamlTreeReader.Parse("anything: 1\n", "f.yaml"), "x", errors, Keys, allowUnknownKeys: true);
        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void A_non_mapping_is_GATE102()
    {
        var errors = new InputErrorSink();
        Assert.Null(MappingReader.For(YamlTreeReader.Parse("- a\n", "f.yaml"), "the thing", errors, Keys));
        Assert.Equal("GATE102", Assert.Single(errors.Errors).Code);
    }

    [Fact]
    public void A_list_where_a_value_belongs_is_GATE102_at_the_value()
    {
        var (reader, errors) = Read("name: [a, b]\n");
        Assert.Null(reader.String("name"));
        InputError error = Assert.Single(errors.Errors);
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(new SourceLocation("f.yaml", 1, 7), error.Location);
    }

    [Fact]
    public void A_missing_required_field_is_GATE103_at_the_mapping()
    {
        var (reader, errors) = Read("\ncount: 1\n");
        Assert.Null(reader.String("name", required: true));
        InputError error = Assert.Single(errors.Errors);
        Assert.Equal("GATE103", error.Code);
        Assert.Contains("'name'", error.Message);
        Assert.Equal(2, error.Location!.Value.Line);
    }

    [Fact]
    public void An_explicit_null_counts_as_absent()
    {
        var (reader, errors) = Read("name: ~\ncount:\n");
        Assert.False(reader.Has("name"));
        Assert.Null(reader.Integer("count", required: true));
        Assert.Equal("GATE103", Assert.Single(errors.Errors).Code);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    public void Booleans_are_read(string text, bool expected)
    {
        var (reader, errors) = Read($"flag: {text}\n");
        Assert.Equal(expected, reader.Bool("flag")!.Value);
        Assert.False(errors.HasErrors);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("on")]
    public void Other_booleans_are_GATE102(string text)
    {
        var (reader, errors) = Read($"flag: {text}\n");
        Assert.Null(reader.Bool("flag"));
        Assert.Equal("GATE102", Assert.Single(errors.Errors).Code);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("two")]
    [InlineData("99999999999")]
    public void Integers_must_be_whole_non_negative_numbers(string text)
    {
        var (reader, errors) = Read($"count: {text}\n");
        Assert.Null(reader.Integer("count"));
        Assert.Equal("GATE102", Assert.Single(errors.Errors).Code);
    }

    [Fact]
    public void Dates_are_read_as_YYYY_MM_DD()
    {
        var (reader, errors) = Read("when: 2026-12-31\n");
        Assert.Equal(new DateOnly(2026, 12, 31), reader.Date("when")!.Value);
        Assert.False(errors.HasErrors);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("31/12/2026")]
    [InlineData("2026-1-5")]
    [InlineData("2026-12-31T00:00:00Z")]
    [InlineData("tomorrow")]
    public void Bad_dates_are_GATE105_at_the_value(string text)
    {
        var (reader, errors) = Read($"when: {text}\n");
        Assert.Null(reader.Date("when"));
        InputError error = Assert.Single(errors.Errors);
        Assert.Equal("GATE105", error.Code);
        Assert.Equal(new SourceLocation("f.yaml", 1, 7), error.Location);
    }

    [Fact]
    public void OneOf_refuses_other_values_with_a_suggestion()
    {
        var (reader, errors) = Read("kind: finetun\n");
        Assert.Null(reader.OneOf("kind", ["finetune", "adapter"]));
        InputError error = Assert.Single(errors.Errors);
        Assert.Equal("GATE102", error.Code);
        Assert.Contains("did you mean 'finetune'?", error.Message);
    }

    [Fact]
    public void StringOrList_accepts_a_value_or_a_list()
    {
        var (reader, errors) = Read("name: a\nitems: [b, c]\n");
        Assert.Equal(["a"], reader.StringOrList("name").Select(v => v.Value));
        Assert.Equal(["b", "c"], reader.StringOrList("items").Select(v => v.Value));
        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void StringOrList_reports_every_bad_item()
    {
        var (reader, errors) = Read("items:\n  - a\n  - [b]\n  - {c: 1}\n  -\n");
        Assert.Equal(["a"], reader.StringOrList("items").Select(v => v.Value));
        Assert.Equal(3, errors.Errors.Count);
        Assert.All(errors.Errors, e => Assert.Equal("GATE102", e.Code));
    }

    [Fact]
    public void A_required_empty_list_is_GATE103()
    {
        var (reader, errors) = Read("items: []\n");
        Assert.Empty(reader.StringOrList("items", required: true));
        Assert.Equal("GATE103", Assert.Single(errors.Errors).Code);
    }

    [Fact]
    public void List_reports_a_non_list()
    {
        var (reader, errors) = Read("list: x\n");
        Assert.Empty(reader.List("list"));
        Assert.Equal("GATE102", Assert.Single(errors.Errors).Code);
    }
}
