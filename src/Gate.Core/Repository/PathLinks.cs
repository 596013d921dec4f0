namespace Gate.Core.Repository;

/// <summary>
/// Whether a path is read through a link: what a check against a base must know, since git reports
/// a change to a link's target at the target's own path, never at the link's.
/// </summary>
internal static class PathLinks
{
    /// <summary>Whether <paramref name="fullPath"/> is a link; what cannot be told (it is missing, unreadable) is taken for one.</summary>
    public static bool IsLink(string fullPath)
    {
        try
        {
            return File.GetAttributes(fullPath).HasFlag(FileAttributes.ReparsePoint);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>
    /// Whether <paramref name="relative"/> ('/'-separated, below <paramref name="folder"/>), or a
    /// folder on its way from <paramref name="folder"/>, is a link (or cannot be told). Folders are
    /// asked once per <paramref name="folders"/>, when one is given.
    /// </summary>
    public static bool OnTheWay(string folder, string relative, Dictionary<string, bool>? folders = null)
    {
        if (IsLink(Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar))))
        {
            return true;
        }

        for (int slash = relative.LastIndexOf('/'); slash > 0; slash = relative.LastIndexOf('/', slash - 1))
        {
            string between = relative[..slash];
            if (folders is null || !folders.TryGetValue(between, out bool link))
            {
                link = IsLink(Path.Combine(folder, between.Replace('/', Path.DirectorySeparatorChar)));
                folders?.Add(between, link);
            }

            if (link)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="fullPath"/>, or an existing folder on its way from the file system's root, is a link (or cannot be told).</summary>
    public static bool AnywhereAbove(string fullPath)
    {
        for (string? at = fullPath; !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            try
            {
                if ((File.Exists(at) || Directory.Exists(at)) && File.GetAttributes(at).HasFlag(FileAttributes.ReparsePoint))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return true;
            }
        }

        return false;
    }
}
