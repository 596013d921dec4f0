using System.Text.RegularExpressions;

namespace Gate.Core.Repository;

/// <summary>
/// The git submodules whose content a checkout does not hold. A submodule is another repository:
/// <c>actions/checkout</c> leaves it an empty folder unless asked for submodules, while a clone with
/// <c>--recursive</c> (or a training job's <c>git submodule update</c>) fills it. Data there would be
/// trained on but never checked, so such a folder is listed like a link Gate does not enter, and
/// refused wherever data could be selected below it.
/// </summary>
internal static partial class GitSubmodules
{
    /// <summary>
    /// The submodule folders below the checked folder that hold no file, as paths relative to it. They
    /// are read from the <c>.gitmodules</c> of the git work tree that holds the checked folder (the
    /// nearest folder at or above it that has <c>.git</c>).
    /// </summary>
    public static IEnumerable<string> Unfetched(RepositoryRoot root, IReadOnlyList<string> files)
    {
        string? top = WorkTreeOf(root.FullPath);
        string? modules = top is null ? null : Path.Combine(top, ".gitmodules");
        if (modules is null || !File.Exists(modules))
        {
            yield break;
        }

        string text;
        try
        {
            IO.FileType.EnsureRegular(modules);
            text = File.ReadAllText(modules);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break; // not a submodule list Gate can read: nothing is claimed from it
        }

        foreach (Match match in PathLine().Matches(text))
        {
            string declared = match.Groups[1].Value.Trim().Trim('"').TrimEnd('/');
            string? relative = root.ToRelative(Path.Combine(top!, declared.Replace('/', Path.DirectorySeparatorChar)));
            if (relative is null or "" || HasFiles(files, relative))
            {
                continue;
            }

            yield return relative;
        }
    }

    private static bool HasFiles(IReadOnlyList<string> files, string folder) =>
        new RepositoryListing(files).FilesUnder(folder).Any();

    private static string? WorkTreeOf(string folder)
    {
        for (DirectoryInfo? d = new(folder); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git")))
            {
                return d.FullName;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\s*path\s*=\s*(.+?)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PathLine();
}
