using System.Globalization;
using Gate.Core.Diagnostics;

namespace Gate.Core.Repository;

/// <summary>
/// Lists everything below the checked folder, once per run.
/// <list type="bullet">
/// <item>Only <c>.git</c> (git's own metadata, which git never lets a commit contain) is skipped;
/// every other folder, <c>bin</c> and <c>obj</c> included, is listed like any other.</item>
/// <item>A link to a folder inside the checked folder is entered, and what lies below it is listed
/// under the link's path, as a loader that reads the folder would see it. A link to a folder
/// outside, back into one of its own ancestors (a loop), or to a folder another link already leads
/// to (so that chains of links cannot multiply the listing) is not entered; it is listed in
/// <see cref="RepositoryListing.UnfollowedFolders"/>, and whoever selects data below it refuses it.</item>
/// <item>A name with a refused character (<see cref="PathText"/>) is not listed as a file; it is
/// listed in <see cref="RepositoryListing.UnsafeNames"/>, and a folder with such a name is not entered.</item>
/// <item>Links to files are listed as files; whoever reads one checks where it leads.</item>
/// <item>An empty folder (or one holding only <c>.git</c>) is listed like a link Gate does not enter:
/// it is what a git submodule the checkout did not fetch looks like, nested ones included.</item>
/// </list>
/// The walk uses an explicit stack, never recursion, and stops with GATE107 beyond
/// <see cref="MaxEntries"/> entries (links to folders inside can multiply what is listed).
/// </summary>
internal static class RepositoryWalk
{
    public const int MaxEntries = 4_000_000;

    private const string GitFolder = ".git";

    public static RepositoryListing List(RepositoryRoot root, CancellationToken cancellationToken = default)
    {
        var files = new List<string>();
        var unfollowed = new List<UnfollowedLink>();
        var unsafeNames = new List<UnsafeName>();
        var enteredThroughLinks = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Frame>();
        pending.Push(new Frame(root.FullPath, string.Empty, root.RealFullPath, null));
        long entries = 0;
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Frame frame = pending.Pop();
            bool holdsNothingButGit = true;
            foreach (FileSystemInfo entry in new DirectoryInfo(frame.Full).EnumerateFileSystemInfos())
            {
                if (++entries > MaxEntries)
                {
                    throw new GateInputException(new InputError(InputErrorKind.FileNotReadable,
                        string.Create(CultureInfo.InvariantCulture,
                            $"the checked folder holds more than {MaxEntries:N0} files and folders (links to folders count what is below them again); check a smaller folder, or remove links that repeat large folders"),
                        null));
                }

                if (entry.Name == GitFolder)
                {
                    continue;
                }

                holdsNothingButGit = false;

                string relative = frame.Relative.Length == 0 ? entry.Name : frame.Relative + "/" + entry.Name;
                if (PathText.FirstRefused(entry.Name) is { } refused)
                {
                    unsafeNames.Add(new UnsafeName(PathText.Visible(relative), PathText.CodePoint(refused)));
                    continue;
                }

                if (entry is not DirectoryInfo folder)
                {
                    files.Add(relative);
                    continue;
                }

                if (folder.LinkTarget is null)
                {
                    pending.Push(new Frame(folder.FullName, relative, Path.Combine(frame.Real, entry.Name), frame));
                    continue;
                }

                string? target = root.RealPathOf(relative);
                if (target is null || !root.ContainsReal(target))
                {
                    unfollowed.Add(new UnfollowedLink(relative, "is a link that leads outside the checked folder"));
                }
                else if (frame.IsInside(target))
                {
                    unfollowed.Add(new UnfollowedLink(relative, "is a link that leads back into a folder that holds it (a loop)"));
                }
                else if (!enteredThroughLinks.Add(target))
                {
                    // Each link to one folder would list it again, and links to links multiply that
                    // without bound: a folder is entered through one link at most.
                    unfollowed.Add(new UnfollowedLink(relative, "is a link to a folder that another link already leads to"));
                }
                else
                {
                    pending.Push(new Frame(folder.FullName, relative, target, frame));
                }
            }

            if (frame.Relative.Length > 0 && holdsNothingButGit)
            {
                unfollowed.Add(new UnfollowedLink(frame.Relative, EmptyFolder));
            }
        }

        files.Sort(StringComparer.Ordinal);
        unfollowed.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        unsafeNames.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new RepositoryListing(files, unfollowed, unsafeNames);
    }

    /// <summary>
    /// Why an empty folder is listed with the folders Gate does not enter. Git never records an empty
    /// folder, so in a checkout one is almost always a git submodule whose content was not fetched
    /// (nested ones too, whatever .gitmodules says): another repository's data, which a recursive
    /// clone fills and a loader trains on.
    /// </summary>
    private const string EmptyFolder =
        "is an empty folder, as an unfetched git submodule is (fetch submodules recursively, e.g. actions/checkout with 'submodules: recursive', or remove the folder)";

    /// <summary>A folder being listed: where it is, its path below the root, its real path, and the folder that holds it.</summary>
    private sealed record Frame(string Full, string Relative, string Real, Frame? Parent)
    {
        /// <summary>Whether this folder, or a folder that led to it, lies at or below the real path <paramref name="real"/>: entering it again would loop.</summary>
        public bool IsInside(string real)
        {
            for (Frame? f = this; f is not null; f = f.Parent)
            {
                if (f.Real == real || f.Real.StartsWith(real + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
