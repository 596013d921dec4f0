using Gate.Core.Repository;

namespace Gate.Core.Tests.Repository;

public class RepositoryListingTests
{
    [Fact]
    public void FilesUnder_gives_the_files_below_a_folder_and_no_sibling_sharing_its_name_start()
    {
        // Ordinal order puts '-' and '.' before '/' and '0' after it: siblings named like the folder sit on both sides.
        string[] files = new[] { "a/b", "a/b-c/x", "a/b.txt", "a/b/x", "a/b/y/z", "a/b0", "a/bb/x", "b/x" }.Order(StringComparer.Ordinal).ToArray();
        var listing = new RepositoryListing(files);

        Assert.Equal(["a/b/x", "a/b/y/z"], listing.FilesUnder("a/b"));
        Assert.Equal(["a/b/y/z"], listing.FilesUnder("a/b/y"));
        Assert.Equal(files.Where(f => f.StartsWith("a/", StringComparison.Ordinal)), listing.FilesUnder("a"));
        Assert.Empty(listing.FilesUnder("a/c"));
        Assert.Empty(listing.FilesUnder("c"));
        Assert.Empty(new RepositoryListing([]).FilesUnder("a"));
    }
}
