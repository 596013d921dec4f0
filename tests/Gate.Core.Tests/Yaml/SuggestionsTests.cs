using Gate.Core.Yaml;

namespace Gate.Core.Tests.Yaml;

public class SuggestionsTests
{
    [Theory]
    [InlineData("teacher", "teacher", 0)]
    [InlineData("teachr", "teacher", 1)]
    [InlineData("teahcer", "teacher", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_is_the_optimal_string_alignment_distance(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(a, b));
        Assert.Equal(expected, Suggestions.Distance(b, a));
    }

    [Theory]
    [InlineData("teachr", "teacher")]
    [InlineData("TEACHERS", "teachers")]
    [InlineData("studnets", "students")]
    [InlineData("xyzzy", null)]
    [InlineData("generation-field", "generator-field")]
    public void Closest_suggests_only_plausible_typos(string word, string? expected)
    {
        string[] keys = ["dataset", "teacher", "teachers", "students", "generation", "generator-field", "reference", "mitigations"];
        Assert.Equal(expected, Suggestions.Closest(word, keys));
    }

    [Fact]
    public void Ties_go_to_the_ordinally_first_candidate()
    {
        Assert.Equal("ab", Suggestions.Closest("a", ["ba", "ab"]));
        Assert.Equal("ab", Suggestions.Closest("a", ["ab", "ba"]));
    }

    [Fact]
    public void DidYouMean_is_empty_without_a_suggestion()
    {
        Assert.Equal(string.Empty, Suggestions.DidYouMean("zzzzzz", ["teacher"]));
        Assert.Equal("; did you mean 'teacher'?", Suggestions.DidYouMean("teachr", ["teacher"]));
    }
}
