namespace Gate.Core.Repository;

/// <summary>
/// The checked folder as the base commit holds it, written out to a temporary folder so the base's
/// policy, manifests, model cards and lock can be loaded and its lineage evaluated as Gate
/// evaluates a checkout. Data is not needed for that: a data file larger than
/// <see cref="MaxWrittenBytes"/> is written as a sparse file of its size (no content rule runs on
/// the base); every other file as a checkout holds it. At most <see cref="MaxFiles"/> files. Every path stays
/// inside the folder (<see cref="GitBase.Files"/> refuses the rest), and no file is written twice
/// (a case-insensitive file system that would fold two names into one refuses the tree).
/// Deleted when disposed.
/// </summary>
internal sealed class BaseTree : IDisposable
{
    /// <summary>Data files up to this size are written with their content; larger ones as sparse files of their size.</summary>
    public const long MaxWrittenBytes = 1 << 20;

    /// <summary>The most content the tree writes in all; a base holding more small files than this is not written out.</summary>
    public const long MaxTotalBytes = 1L << 30;

    /// <summary>The most files the tree writes; a base holding more is not written out.</summary>
    public const int MaxFiles = 500_000;

    private readonly List<string> _emptied = [];

    private BaseTree(string root) => Root = root;

    /// <summary>The temporary folder: the checked folder at the base.</summary>
    public string Root { get; }

    /// <summary>The files written as sparse files of their size (large files with a data format): only the base's data may be among them.</summary>
    public IReadOnlyList<string> Emptied => _emptied;

    /// <summary>
    /// Writes the checked folder's files at <paramref name="git"/>'s commit as a checkout holds them:
    /// a file git reports unchanged (<paramref name="changed"/> does not hold it) is copied from the
    /// checkout (<paramref name="checkout"/>), where git's filters (Git LFS, <c>ident</c>, encodings)
    /// have already run, once it hashes through those filters to the base's object; a changed one is
    /// written from git's object, which is what a checkout holds
    /// only when no filter applies (otherwise the tree is refused). The caller makes sure git's
    /// checkout rules are the same on both sides. Throws <see cref="BaseTreeException"/> when the
    /// files cannot be written as they are.
    /// </summary>
    public static BaseTree Write(GitBase git, RepositoryRoot checkout, IReadOnlySet<string> changed)
    {
        var tree = new BaseTree(Directory.CreateTempSubdirectory("gate-base-").FullName);
        try
        {
            IReadOnlyList<(string Path, string ObjectId, long Size)> files = git.Files();
            if (files.Count > MaxFiles)
            {
                throw new BaseTreeException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the base holds more than {MaxFiles:N0} files"));
            }

            // Data is never read to evaluate lineage (the caller checks that what was emptied is the base's data);
            // the lock and a PEFT adapter's card are, whatever their size.
            bool Sparse((string Path, string ObjectId, long Size) f) =>
                f.Size > MaxWrittenBytes && f.Path != Locking.LockFile.FileName && Datasets.DatasetFormats.IsDataFile(f.Path)
                && !f.Path.Split('/')[^1].Equals(Lineage.ModelCardReader.AdapterConfigFileName, StringComparison.OrdinalIgnoreCase);
            var written = files.Where(f => !Sparse(f)).ToArray();
            if (written.Sum(f => f.Size) > MaxTotalBytes)
            {
                throw new BaseTreeException($"the base holds more than {MaxTotalBytes >> 30} GiB of files other than large data");
            }

            foreach (var (path, _, size) in files.Where(Sparse))
            {
                using FileStream sparse = tree.Create(path);
                sparse.SetLength(size);
                tree._emptied.Add(path);
            }

            // Git's stat checks can be fooled (an edit that keeps a file's size and time, in a clone configured to look
            // at no more): what is copied must be, byte for byte through git's filters, the base's object.
            var copied = written.Where(f => !changed.Contains(f.Path)).ToArray();
            IReadOnlyList<string> ids = git.HashWorkingFiles([.. copied.Select(f => f.Path)]);
            for (int i = 0; i < copied.Length; i++)
            {
                if (!string.Equals(ids[i], copied[i].ObjectId, StringComparison.Ordinal))
                {
                    throw new BaseTreeException($"the checkout's '{PathText.Cut(copied[i].Path)}' differs from the base's though git reports it unchanged");
                }
            }

            var buffer = new byte[81920];
            foreach (var (path, _, _) in copied)
            {
                using FileStream file = tree.Create(path);
                try
                {
                    using var source = new FileStream(checkout.ToFullPath(path), FileMode.Open, FileAccess.Read, FileShare.Read);
                    source.CopyTo(file, buffer.Length);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new BaseTreeException($"the checkout's '{PathText.Cut(path)}', which git reports unchanged, cannot be read ({ex.GetType().Name})");
                }
            }

            var fromGit = written.Where(f => changed.Contains(f.Path)).ToArray();
            if (git.FilteredPath(fromGit.Select(f => f.Path)) is { } filtered)
            {
                throw new BaseTreeException($"the base's '{PathText.Cut(filtered)}', which the change edits, goes through a git filter (Git LFS, ident or an encoding) on checkout");
            }

            git.ReadBlobs([.. fromGit.Select(f => f.ObjectId)], (i, blob, size) =>
            {
                using FileStream file = tree.Create(fromGit[i].Path);
                for (long left = size; left > 0;)
                {
                    int read = blob.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read <= 0)
                    {
                        throw new BaseTreeException("git stopped in the middle of an object of the base");
                    }

                    file.Write(buffer, 0, read);
                    left -= read;
                }
            });
            return tree;
        }
        catch
        {
            tree.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is the system's to clean; the run's result stands.
        }
    }

    /// <summary>A new file at <paramref name="path"/> ('/'-separated, below the root): never one that exists, never outside.</summary>
    private FileStream Create(string path)
    {
        string full = Path.GetFullPath(Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BaseTreeException($"the base's path '{path}' leads outside its folder");
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return new FileStream(full, FileMode.CreateNew, FileAccess.Write);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The system's message names the temporary folder; what matters is which file of the base.
            throw new BaseTreeException($"the base's file '{PathText.Cut(path)}' cannot be written out here ({ex.GetType().Name})");
        }
    }
}
