using Gate.Core.Diagnostics;

namespace Gate.Core.Repository;

/// <summary>
/// The checked folder. Turns paths written in users' files into safe, normalized relative paths
/// and refuses any that leave the folder: absolute paths, '..' that climbs out, or links whose
/// target lies outside.
/// </summary>
public sealed class RepositoryRoot
{
    private static readonly string[] SkippedFolders = [".git"];
    private static readonly string[] SkippedTopLevelFolders = ["bin", "obj"];
    private readonly string _realRoot;

    public RepositoryRoot(string directory)
    {
        FullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _realRoot = RealPath(FullPath);
    }

    public string FullPath { get; }

    public string ToFullPath(string relativePath) =>
        relativePath.Length == 0 ? FullPath : Path.Combine(FullPath, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The path relative to the root with forward slashes, or null when it lies outside.</summary>
    public string? ToRelative(string fullPath)
    {
        string relative = Path.GetRelativePath(FullPath, Path.GetFullPath(fullPath));
        if (relative == ".")
        {
            return string.Empty;
        }

        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// Resolves <paramref name="written"/> (as a user wrote it, relative to the folder
    /// <paramref name="baseFolder"/>) to a root-relative path, or reports GATE106 and returns null.
    /// </summary>
    public string? Resolve(Located<string> written, string baseFolder, InputErrorSink errors, string what)
    {
        string text = written.Value.Replace('\\', '/');
        if (text.Length == 0)
        {
            errors.Add(InputErrorKind.InvalidValue, $"{what} is empty", written.Location);
            return null;
        }

        if (Path.IsPathRooted(text) || text.StartsWith('/') || (text.Length >= 2 && text[1] == ':'))
        {
            errors.Add(InputErrorKind.PathOutsideRepository,
                $"{what} '{written.Value}' is an absolute path; write it relative to the file that names it", written.Location);
            return null;
        }

        var segments = new List<string>(baseFolder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (string segment in text.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    errors.Add(InputErrorKind.PathOutsideRepository,
                        $"{what} '{written.Value}' leaves the checked folder; Gate reads only files inside it", written.Location);
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        string relative = string.Join('/', segments);
        if (!Glob.HasWildcard(relative) && !IsInsideAfterLinks(relative))
        {
            errors.Add(InputErrorKind.PathOutsideRepository,
                $"{what} '{written.Value}' is a link that leads outside the checked folder; Gate does not follow it", written.Location);
            return null;
        }

        return relative;
    }

    /// <summary>True when the path, with every link on it followed, still lies inside the root.</summary>
    public bool IsInsideAfterLinks(string relativePath)
    {
        string real;
        try
        {
            real = RealPath(ToFullPath(relativePath));
        }
        catch (IOException)
        {
            return false; // a link loop: nothing safe to read
        }

        return real == _realRoot || real.StartsWith(_realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>
    /// GATE106 at <paramref name="relativePath"/> when, links followed, it leads outside the root or
    /// into a link loop; null when it stays inside. <paramref name="what"/> names it in the message.
    /// </summary>
    public InputError? LinkLeavingRoot(string relativePath, string what) =>
        IsInsideAfterLinks(relativePath)
            ? null
            : new InputError(InputErrorKind.PathOutsideRepository,
                $"{what} is a link that leads outside the checked folder (or loops); Gate does not follow it", SourceLocation.WholeFile(relativePath));

    /// <summary>Every file below the root, as sorted relative paths (see <see cref="List"/>).</summary>
    public IReadOnlyList<string> EnumerateFiles(CancellationToken cancellationToken = default) => List(cancellationToken).Files;

    /// <summary>
    /// Every file below the root, and every linked folder, as sorted relative paths. Linked folders
    /// are not entered (no loops, no escapes): whoever selects data checks where they lead, and
    /// likewise for linked files (<see cref="IsInsideAfterLinks"/>). <c>.git</c> is skipped, and so
    /// are top-level <c>bin</c> and <c>obj</c> when the root holds an MSBuild project (the build
    /// output of a data.proj) — otherwise they are data like any other folder.
    /// </summary>
    public RepositoryListing List(CancellationToken cancellationToken = default)
    {
        var files = new List<string>();
        var linkedFolders = new List<string>();
        bool hasProject = Directory.EnumerateFiles(FullPath, "*.*proj").Any();
        var pending = new Stack<(string Full, string Relative)>();
        pending.Push((FullPath, string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (full, relative) = pending.Pop();
            var directory = new DirectoryInfo(full);
            foreach (FileSystemInfo entry in directory.EnumerateFileSystemInfos())
            {
                string entryRelative = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry is DirectoryInfo sub)
                {
                    bool skipped = SkippedFolders.Contains(sub.Name) || (hasProject && relative.Length == 0 && SkippedTopLevelFolders.Contains(sub.Name));
                    if (skipped)
                    {
                        continue;
                    }

                    if (sub.LinkTarget is not null)
                    {
                        linkedFolders.Add(entryRelative);
                    }
                    else
                    {
                        pending.Push((sub.FullName, entryRelative));
                    }
                }
                else
                {
                    files.Add(entryRelative);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        linkedFolders.Sort(StringComparer.Ordinal);
        return new RepositoryListing(files, linkedFolders);
    }

    public bool FileExists(string relativePath) => File.Exists(ToFullPath(relativePath));

    public bool DirectoryExists(string relativePath) => Directory.Exists(ToFullPath(relativePath));

    /// <summary>The folder part of a relative path ("" at the root).</summary>
    public static string FolderOf(string relativePath)
    {
        int slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath[..slash];
    }

    /// <summary>Follows links component by component, as realpath(3) does, for paths that exist.</summary>
    private static string RealPath(string fullPath)
    {
        string root = Path.GetPathRoot(fullPath) ?? "/";
        string current = root;
        string[] parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            string next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(Path.GetFullPath(target.FullName));
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }
}
