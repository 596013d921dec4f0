namespace Gate.Core.Repository;

/// <summary>
/// What lies below the checked folder, as <see cref="RepositoryWalk"/> found it: every file, as a
/// path relative to the root with <c>/</c> separators in ordinal order (files inside linked folders
/// under the link's path, as a loader sees them); the linked folders Gate did not enter; and the
/// names it refuses to read.
/// </summary>
internal sealed record RepositoryListing(
    IReadOnlyList<string> Files,
    IReadOnlyList<UnfollowedLink> UnfollowedFolders,
    IReadOnlyList<UnsafeName> UnsafeNames)
{
    /// <summary>A listing of files only (tests, and callers that list nothing else).</summary>
    public RepositoryListing(IReadOnlyList<string> files)
        : this(files, [], [])
    {
    }

    /// <summary>Whether <paramref name="path"/> is a listed file (not a folder, not inside .git, not an unsafe name).</summary>
    public bool Contains(string path) => BinarySearch(path) >= 0;

    private int BinarySearch(string path)
    {
        int low = 0, high = Files.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int c = string.CompareOrdinal(Files[middle], path);
            if (c == 0)
            {
                return middle;
            }

            if (c < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    /// <summary>The files below <paramref name="folder"/> (at any depth), in path order.</summary>
    public IEnumerable<string> FilesUnder(string folder)
    {
        // In ordinal order, the paths that start with "folder/" are one run: find its start, read to its end.
        string prefix = folder + "/";
        int low = 0, high = Files.Count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (string.CompareOrdinal(Files[middle], prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (int i = low; i < Files.Count && Files[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return Files[i];
        }
    }

    /// <summary>Whether <paramref name="path"/> is, or lies below, a linked folder Gate did not enter; that link, or null.</summary>
    public UnfollowedLink? UnfollowedAtOrAbove(string path) =>
        UnfollowedFolders.FirstOrDefault(l => path == l.Path || path.StartsWith(l.Path + "/", StringComparison.Ordinal));
}
