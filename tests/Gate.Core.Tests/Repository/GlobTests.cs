using Gate.Core.Repository;

namespace Gate.Core.Tests.Repository;

public class GlobTests
{
    [Theory]
    [InlineData("data/**", "data/a.jsonl", true)]
    [InlineData("data/**", "data/x/y/z.jsonl", true)]
    [InlineData("data/**", "data2/a.jsonl", false)]
    [InlineData("data/**", "data", false)]
    [InlineData("data/**", "other/data/a.jsonl", false)]
    [InlineData("**/*.jsonl", "a.jsonl", true)]
    [InlineData("**/*.jsonl", "x/y/a.jsonl", true)]
    [InlineData("**/*.jsonl", "x/y/a.json", false)]
    [InlineData("data/**/README.md", "data/README.md", true)]
    [InlineData("data/**/README.md", "data/a/b/README.md", true)]
    [InlineData("data/**/README.md", "data/a/bREADME.md", false)]
    [InlineData("data/*.jsonl", "data/a.jsonl", true)]
    [InlineData("data/*.jsonl", "data/x/a.jsonl", false)]
    [InlineData("data/*", "data/.hidden", true)]
    [InlineData("data/a?.csv", "data/ab.csv", true)]
    [InlineData("data/a?.csv", "data/a/.csv", false)]
    [InlineData("data/a?.csv", "data/abc.csv", false)]
    [InlineData("data/{train,test}.jsonl", "data/train.jsonl", true)]
    [InlineData("data/{train,test}.jsonl", "data/test.jsonl", true)]
    [InlineData("data/{train,test}.jsonl", "data/valid.jsonl", false)]
    [InlineData("data/{a,b{1,2}}.txt", "data/b2.txt", true)]
    [InlineData("data/{a,b{1,2}}.txt", "data/b3.txt", false)]
    [InlineData("data/a,b.txt", "data/a,b.txt", true)]
    [InlineData("Data/*.jsonl", "data/a.jsonl", false)]
    [InlineData("data/a+b(1).jsonl", "data/a+b(1).jsonl", true)]
    [InlineData("data/a+b(1).jsonl", "data/aab1.jsonl", false)]
    [InlineData("data/a.jsonl", "data/aXjsonl", false)]
    [InlineData("data/x**y", "data/xay", true)]
    [InlineData("data/x**y", "data/xa/y", false)]
    [InlineData("./data/*.csv", "data/a.csv", true)]
    [InlineData("data\\*.csv", "data/a.csv", true)]
    [InlineData("**", "a/b/c", true)]
    public void Matches_like_a_gitignore_style_glob(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, Glob.Parse(pattern).IsMatch(path));
    }

    [Theory]
    [InlineData("models/**/README.md", "models")]
    [InlineData("models/*/x/README.md", "models")]
    [InlineData("a/b/c.txt", "a/b")]
    [InlineData("README.md", "")]
    [InlineData("**/README.md", "")]
    [InlineData("models/{a,b}/README.md", "models")]
    public void FixedPrefix_is_the_folder_part_before_the_first_wildcard(string pattern, string prefix)
    {
        Assert.Equal(prefix, Glob.Parse(pattern).FixedPrefix);
    }

    /// <summary>Whether a glob could select something below a folder: answered exactly, at any depth, through braces.</summary>
    [Theory]
    [InlineData("data/**", "data", true)]
    [InlineData("data/**", "data/a/b", true)]
    [InlineData("data/**", "other", false)]
    [InlineData("data/*/*/*/*.jsonl", "data/a", true)]
    [InlineData("data/*/*/*/*.jsonl", "data/a/b/c", true)]
    [InlineData("data/*/*/*/*.jsonl", "data/a/b/c/d", false)]
    [InlineData("**/{train,test}/*.jsonl", "x/y", true)]
    [InlineData("{data,more}/*.jsonl", "more", true)]
    [InlineData("{data,more}/*.jsonl", "less", false)]
    [InlineData("data/a.jsonl", "data", true)]
    [InlineData("data/a.jsonl", "data/a.jsonl", false)]
    [InlineData("*.jsonl", "data", false)]
    public void MayMatchBelow_is_exact(string pattern, string folder, bool expected)
    {
        Assert.Equal(expected, Glob.Parse(pattern).MayMatchBelow(folder));
    }

    /// <summary>Whether a glob covers everything below a folder (an exclude may then leave it out whole).</summary>
    [Theory]
    [InlineData("data/raw/**", "data/raw", true)]
    [InlineData("data/raw/**", "data/raw/x", true)]
    [InlineData("**/raw/**", "data/raw", true)]
    [InlineData("data/*/**", "data/raw", true)]
    [InlineData("data/raw/*", "data/raw", false)]
    [InlineData("data/raw/*.jsonl", "data/raw", false)]
    [InlineData("data/{raw,x}/**", "data/raw", true)]
    [InlineData("data/**", "other", false)]
    public void MatchesAllBelow_is_true_only_when_only_double_stars_are_left(string pattern, string folder, bool expected)
    {
        Assert.Equal(expected, Glob.Parse(pattern).MatchesAllBelow(folder));
    }

    /// <summary>A glob a pull request writes must not end the run unexpectedly: too long, too nested or too large is a FormatException (GATE102 where it is written).</summary>
    [Theory]
    [InlineData(1000, "*a")]
    [InlineData(300, "{a,b}*")]
    [InlineData(400, "**/")]
    [InlineData(9, "{")]
    public void A_glob_too_large_to_match_is_a_FormatException_not_a_crash(int count, string piece)
    {
        string pattern = string.Concat(Enumerable.Repeat(piece, count)) + "x.jsonl" + (piece == "{" ? new string('}', count) : "");
        Assert.Throws<FormatException>(() => Glob.Parse(pattern).IsMatch("data/x.jsonl"));
    }

    [Theory]
    [InlineData("data/{a,b")]
    [InlineData("{{a}")]
    public void Unbalanced_braces_are_a_FormatException(string pattern)
    {
        Assert.Throws<FormatException>(() => Glob.Parse(pattern));
    }

    [Fact]
    public void Pattern_is_normalized()
    {
        Assert.Equal("data/x.csv", Glob.Parse("././data\\x.csv").Pattern);
    }

    [Theory]
    [InlineData("data/a.jsonl", false)]
    [InlineData("data/*.jsonl", true)]
    [InlineData("data/?", true)]
    [InlineData("data/{a,b}", true)]
    [InlineData("data/run[1].jsonl", false)] // '[' is matched literally: a file name, not a pattern
    public void HasWildcards_is_true_for_glob_syntax(string pattern, bool expected)
    {
        Assert.Equal(expected, Glob.Parse(pattern).HasWildcards);
    }
}

public class GlobBacktrackingTests
{
    [Theory]
    [InlineData(12, 40)]
    [InlineData(20, 60)]
    public void Many_double_stars_against_a_deep_path_neither_throw_nor_match_wrongly(int stars, int depth)
    {
        Glob glob = Glob.Parse(string.Join("/", Enumerable.Repeat("**", stars)) + "/x");
        string deep = string.Join("/", Enumerable.Repeat("a", depth));
        Assert.False(glob.IsMatch(deep + "/y"));
        Assert.True(glob.IsMatch(deep + "/x"));
    }

    [Fact]
    public void Alternating_stars_and_folders_neither_throw_nor_match_wrongly()
    {
        Glob glob = Glob.Parse(string.Concat(Enumerable.Repeat("**/*a*/", 10)) + "z");
        Assert.False(glob.IsMatch(string.Join("/", Enumerable.Repeat("aaaa", 50)) + "/y"));
    }

    [Fact]
    public void A_bracket_in_a_file_name_is_literal()
    {
        Assert.True(Glob.Parse("data/run[1].jsonl").IsMatch("data/run[1].jsonl"));
        Assert.False(Glob.Parse("data/run[1].jsonl").IsMatch("data/run1.jsonl"));
    }
}
