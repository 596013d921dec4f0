namespace Gate.Core.Repository;

/// <summary>
/// What lies below the checked folder: its files and the linked folders Gate did not enter, each
/// as a path relative to the root with <c>/</c> separators, in ordinal order.
/// </summary>
public sealed record RepositoryListing(IReadOnlyList<string> Files, IReadOnlyList<string> LinkedFolders)
{
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
}
