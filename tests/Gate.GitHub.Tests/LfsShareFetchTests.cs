namespace Gate.GitHub.Tests;

/// <summary>Which of a shard's files a Git LFS include pattern can name exactly; the others stay as checked out (and are reported, never passed).</summary>
public sealed class LfsShareFetchTests
{
    [Theory]
    [InlineData("data/a.jsonl", ".", "data/a.jsonl", true)]
    [InlineData("data/a.jsonl", "repo/sub", "repo/sub/data/a.jsonl", true)]
    [InlineData("data/ünï cödé.jsonl", ".", "data/ünï cödé.jsonl", true)]
    [InlineData("data/a,b.jsonl", ".", "data/a,b.jsonl", false)]
    [InlineData("data/*.jsonl", ".", "data/*.jsonl", false)]
    [InlineData("data/a?.jsonl", ".", "data/a?.jsonl", false)]
    [InlineData("data/[ab].jsonl", ".", "data/[ab].jsonl", false)]
    [InlineData("!data/a.jsonl", ".", "!data/a.jsonl", false)]
    [InlineData("#a.jsonl", ".", "#a.jsonl", false)]
    [InlineData(" a.jsonl", ".", " a.jsonl", false)]
    [InlineData("a.jsonl ", ".", "a.jsonl ", false)]
    public void A_path_is_fetched_only_when_a_pattern_names_it_alone(string file, string folder, string inRepository, bool fetched)
    {
        var (named, unnamed) = LfsShareFetch.Split([file], folder);

        Assert.Equal(fetched ? [inRepository] : [], named);
        Assert.Equal(fetched ? [] : [inRepository], unnamed);
    }

    [Fact]
    public void Many_paths_are_fetched_in_batches_whose_argument_stays_short()
    {
        string[] paths = [.. Enumerable.Range(0, 5000).Select(i => $"data/shard-{i:00000}/part-with-a-long-name-{i}.jsonl")];

        IReadOnlyList<string>[] batches = [.. LfsShareFetch.Batches(paths)];

        Assert.True(batches.Length > 1);
        Assert.All(batches, b => Assert.True(string.Join(',', b).Length <= 32 * 1024));
        Assert.Equal(paths, batches.SelectMany(b => b));
    }
}
