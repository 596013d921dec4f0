using Gate.Core.Diagnostics;
using Gate.Core.Repository;

namespace Gate.Core.Tests.Repository;

public class RepositoryRootTests
{
    private static string? Resolve(RepositoryRoot root, string written, string folder, out IReadOnlyList<InputError> errors)
    {
        var sink = new InputErrorSink();
        string? path = root.Resolve(new Located<string>(written, new SourceLocation("m.yaml", 1, 1)), folder, sink, "the path");
        errors = sink.Errors;
        return path;
    }

    [Theory]
    [InlineData("x.jsonl", "data", "data/x.jsonl")]
    [InlineData("./x.jsonl", "data", "data/x.jsonl")]
    [InlineData("../refs/x.jsonl", "data", "refs/x.jsonl")]
    [InlineData("a/../b/./c.jsonl", "", "b/c.jsonl")]
    [InlineData("sub\\x.jsonl", "data", "data/sub/x.jsonl")]
    [InlineData("a//b.jsonl", "", "a/b.jsonl")]
    [InlineData("*.jsonl", "data", "data/*.jsonl")]
    public void Resolves_paths_relative_to_the_naming_file(string written, string folder, string expected)
    {
        using var repo = new TestRepo();
        Assert.Equal(expected, Resolve(new RepositoryRoot(repo.Root), written, folder, out var errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("..", "")]
    [InlineData("../x", "")]
    [InlineData("../../x", "data")]
    [InlineData("/x", "data")]
    [InlineData("\\x", "data")]
    [InlineData("C:\\x", "data")]
    [InlineData("c:x", "data")]
    public void Refuses_paths_leaving_the_folder_with_GATE106(string written, string folder)
    {
        using var repo = new TestRepo();
        Assert.Null(Resolve(new RepositoryRoot(repo.Root), written, folder, out var errors));
        Assert.Equal("GATE106", Assert.Single(errors).Code);
    }

    [Fact]
    public void An_empty_path_is_GATE102()
    {
        using var repo = new TestRepo();
        Assert.Null(Resolve(new RepositoryRoot(repo.Root), "", "data", out var errors));
        Assert.Equal("GATE102", Assert.Single(errors).Code);
    }

    [Fact]
    public void ToRelative_gives_forward_slashes_and_null_outside()
    {
        using var repo = new TestRepo();
        var root = new RepositoryRoot(repo.Root + Path.DirectorySeparatorChar);
        Assert.Equal("a/b.txt", root.ToRelative(Path.Combine(repo.Root, "a", "b.txt")));
        Assert.Equal(string.Empty, root.ToRelative(repo.Root));
        Assert.Null(root.ToRelative(Path.GetDirectoryName(repo.Root)!));
        Assert.Null(root.ToRelative(repo.Root + "-sibling/x"));
        Assert.Equal("..x/y", root.ToRelative(Path.Combine(repo.Root, "..x", "y")));
    }

    [Fact]
    public void EnumerateFiles_is_sorted_and_skips_only_git()
    {
        using var repo = new TestRepo();
        repo.Write("data.proj", "").Write("b.txt", "").Write("a/z.txt", "").Write("a/B.txt", "").Write(".git/config", "")
            .Write("bin/x.dll", "").Write("obj/y.json", "").Write("data/bin/keep.jsonl", "").Write("data/.git/skip", "");
        IReadOnlyList<string> files = new RepositoryRoot(repo.Root).EnumerateFiles();
        Assert.Equal(["a/B.txt", "a/z.txt", "b.txt", "bin/x.dll", "data.proj", "data/bin/keep.jsonl", "obj/y.json"], files);
    }

    [Fact]
    public void A_project_file_does_not_hide_bin_and_obj()
    {
        using var repo = new TestRepo();
        repo.Write("x.proj", "").Write("bin/x.jsonl", "").Write("obj/y.jsonl", "");
        Assert.Equal(["bin/x.jsonl", "obj/y.jsonl", "x.proj"], new RepositoryRoot(repo.Root).EnumerateFiles());
    }

    [Fact]
    public void A_linked_folder_outside_is_listed_as_unfollowed_not_entered()
    {
        using var outside = new TestRepo();
        outside.Write("dir/secret.jsonl", "");
        using var repo = new TestRepo();
        repo.Write("a.txt", "");
        Directory.CreateSymbolicLink(repo.PathOf("data-link"), outside.PathOf("dir"));
        RepositoryListing listing = new RepositoryRoot(repo.Root).List();
        Assert.Equal(["a.txt"], listing.Files);
        Assert.Equal([new UnfollowedLink("data-link", "is a link that leads outside the checked folder")], listing.UnfollowedFolders);
    }

    [Fact]
    public void A_linked_folder_inside_is_entered_and_listed_under_the_links_path()
    {
        using var repo = new TestRepo();
        repo.Write("real/x.jsonl", "").Write("data/a.jsonl", "");
        Directory.CreateSymbolicLink(repo.PathOf("data/linked"), repo.PathOf("real"));
        RepositoryListing listing = new RepositoryRoot(repo.Root).List();
        Assert.Equal(["data/a.jsonl", "data/linked/x.jsonl", "real/x.jsonl"], listing.Files);
        Assert.Empty(listing.UnfollowedFolders);
    }

    [Fact]
    public void EnumerateFiles_lists_linked_files_and_never_loops()
    {
        using var outside = new TestRepo();
        outside.Write("dir/secret.jsonl", "").Write("file.jsonl", "");
        using var repo = new TestRepo();
        repo.Write("a.txt", "").Write("sub/b.txt", "");
        Directory.CreateSymbolicLink(repo.PathOf("linked-dir"), outside.PathOf("dir"));
        Directory.CreateSymbolicLink(repo.PathOf("loop"), repo.Root);
        Directory.CreateSymbolicLink(repo.PathOf("sub/up"), repo.PathOf("sub"));
        File.CreateSymbolicLink(repo.PathOf("linked.jsonl"), outside.PathOf("file.jsonl"));
        RepositoryListing listing = new RepositoryRoot(repo.Root).List();
        Assert.Equal(["a.txt", "linked.jsonl", "sub/b.txt"], listing.Files);
        Assert.Equal(["linked-dir", "loop", "sub/up"], listing.UnfollowedFolders.Select(l => l.Path));
        Assert.Contains("loop", listing.UnfollowedFolders[1].Reason);
        Assert.Contains("loop", listing.UnfollowedFolders[2].Reason);
    }

    [Fact]
    public void Names_with_control_or_bidirectional_characters_are_listed_as_unsafe_not_as_files()
    {
        using var repo = new TestRepo();
        repo.Write("data/ok.jsonl", "").Write("data/a\nb.jsonl", "").Write("data/x\u202Egpj.jsonl", "").Write("data/tab\there/c.jsonl", "");
        RepositoryListing listing = new RepositoryRoot(repo.Root).List();
        Assert.Equal(["data/ok.jsonl"], listing.Files);
        Assert.Equal(["data/a\\u000Ab.jsonl", "data/tab\\u0009here", "data/x\\u202Egpj.jsonl"], listing.UnsafeNames.Select(n => n.Path));
    }

    [Fact]
    public void IsInsideAfterLinks_follows_every_link_on_the_path()
    {
        using var outside = new TestRepo();
        outside.Write("dir/f.txt", "");
        using var repo = new TestRepo();
        repo.Write("real/f.txt", "");
        Directory.CreateSymbolicLink(repo.PathOf("in"), repo.PathOf("real"));
        Directory.CreateSymbolicLink(repo.PathOf("out"), outside.PathOf("dir"));
        File.CreateSymbolicLink(repo.PathOf("rel-out.txt"), Path.Combine("..", Path.GetFileName(outside.Root), "dir", "f.txt"));
        var root = new RepositoryRoot(repo.Root);
        Assert.True(root.IsInsideAfterLinks("real/f.txt"));
        Assert.True(root.IsInsideAfterLinks("in/f.txt"));
        Assert.True(root.IsInsideAfterLinks("missing/file.txt"));
        Assert.False(root.IsInsideAfterLinks("out/f.txt"));
        Assert.False(root.IsInsideAfterLinks("rel-out.txt"));
    }

    [Fact]
    public void A_link_loop_is_not_inside()
    {
        using var repo = new TestRepo();
        File.CreateSymbolicLink(repo.PathOf("a"), repo.PathOf("b"));
        File.CreateSymbolicLink(repo.PathOf("b"), repo.PathOf("a"));
        Assert.False(new RepositoryRoot(repo.Root).IsInsideAfterLinks("a"));
    }

    [Fact]
    public void A_root_that_is_itself_a_link_still_contains_its_files()
    {
        using var repo = new TestRepo();
        repo.Write("real/data/f.txt", "");
        Directory.CreateSymbolicLink(repo.PathOf("alias"), repo.PathOf("real"));
        var root = new RepositoryRoot(repo.PathOf("alias"));
        Assert.True(root.IsInsideAfterLinks("data/f.txt"));
        Assert.Equal(["data/f.txt"], root.EnumerateFiles());
    }

    [Theory]
    [InlineData("a/b/c.txt", "a/b")]
    [InlineData("c.txt", "")]
    public void FolderOf_is_the_folder_part_of_a_relative_path(string path, string folder) => Assert.Equal(folder, RepositoryRoot.FolderOf(path));
}
