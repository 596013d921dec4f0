using Gate.Core.Diagnostics;

namespace Gate.Core.Repository;

/// <summary>
/// The checked folder. Turns paths written in users' files into safe, normalized relative paths
/// and refuses any that leave the folder: absolute paths, '..' that climbs out, or links whose
/// target lies outside.
/// </summary>
internal sealed class RepositoryRoot
{
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

    /// <summary>Everything below the root (see <see cref="RepositoryWalk"/>).</summary>
    public RepositoryListing List(CancellationToken cancellationToken = default) => RepositoryWalk.List(this, cancellationToken);

    /// <summary>The root's own path with every link on it followed.</summary>
    internal string RealFullPath => _realRoot;

    /// <summary>The real path of a path below the root, every link followed; null when the links loop.</summary>
    internal string? RealPathOf(string relativePath) => RealPathOrNull(ToFullPath(relativePath));

    /// <summary>The real path of a full path, every link followed; null when the links loop.</summary>
    internal static string? RealPathOrNull(string fullPath)
    {
        try
        {
            return RealPath(fullPath);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether a real path (links already followed) lies inside the root.</summary>
    internal bool ContainsReal(string realPath) =>
        realPath == _realRoot || realPath.StartsWith(_realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    public bool FileExists(string relativePath) => File.Exists(ToFullPath(relativePath));

    public bool DirectoryExists(string relativePath) => Directory.Exists(ToFullPath(relativePath));

    /// <summary>The folder part of a relative path ("" at the root).</summary>
    public static string FolderOf(string relativePath)
    {
        int slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath[..slash];
    }

    /// <summary>
    /// Follows links component by component, as realpath(3) does: '..' after a link goes to the parent
    /// of where the link leads, not of the link. Components that do not exist are kept as written.
    /// Iterative, with at most <see cref="MaxLinkHops"/> links followed (an IOException beyond: a loop).
    /// </summary>
    private static string RealPath(string fullPath)
    {
        string top = Path.GetPathRoot(fullPath) ?? "/";
        string current = top;
        var pending = new Stack<string>(fullPath[top.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        int hops = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? top;
                continue;
            }

            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists || info.LinkTarget is not null)
            {
                if (info.LinkTarget is { } target)
                {
                    if (++hops > MaxLinkHops)
                    {
                        throw new IOException($"more than {MaxLinkHops} links on the way to '{fullPath}' (a loop)");
                    }

                    string rooted = Path.GetPathRoot(target) is { Length: > 0 } targetRoot ? targetRoot : string.Empty;
                    if (rooted.Length > 0)
                    {
                        current = rooted;
                    }

                    foreach (string piece in target[rooted.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                    {
                        pending.Push(piece);
                    }

                    continue;
                }
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }

    /// <summary>The most links followed for one path, as Linux allows (ELOOP beyond).</summary>
    private const int MaxLinkHops = 40;
}
