using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Repository;

namespace Gate.Core.Scanning;

/// <summary>
/// Fingerprints datasets: a file, or a folder of shards (every data file below it, in path order).
/// A file that cannot be read as its format is a GATE111 error with the file and line.
/// </summary>
internal static class DatasetScanner
{
    /// <summary>Fingerprints a dataset from the files discovery decided it is made of.</summary>
    public static DatasetFingerprint Scan(RepositoryRoot root, Dataset dataset, ScanOptions options, CancellationToken cancellationToken = default) =>
        ScanFiles(root, dataset.Path, dataset.IsFolder, dataset.Files, options, cancellationToken);

    /// <summary>
    /// Fingerprints a reference: a file, or a folder whose data files are taken from
    /// <paramref name="listing"/> (the files below the root, as listed once for the run).
    /// </summary>
    public static DatasetFingerprint ScanReference(RepositoryRoot root, RepositoryListing listing, string path, bool isFolder, ScanOptions options, CancellationToken cancellationToken = default) =>
        ScanFiles(root, path, isFolder, isFolder ? listing.FilesUnder(path).Where(DatasetFormats.IsDataFile).ToArray() : [path], options, cancellationToken);

    /// <summary>
    /// Whoever named the dataset checked that its path stays inside the root; a folder's shards are
    /// checked here, since a shard may be a link of its own.
    /// </summary>
    private static DatasetFingerprint ScanFiles(RepositoryRoot root, string datasetPath, bool isFolder, IReadOnlyList<string> files, ScanOptions options, CancellationToken cancellationToken)
    {
        if (isFolder)
        {
            InputError[] outside = files.Select(f => root.LinkLeavingRoot(f, $"the file '{f}' in the folder '{datasetPath}'")).OfType<InputError>().ToArray();
            if (outside.Length > 0)
            {
                throw new GateInputException(outside);
            }
        }

        return ScanFiles(datasetPath, files.Select(f => (root.ToFullPath(f), f)).ToArray(), options, cancellationToken);
    }

    /// <summary>
    /// Fingerprints a file or folder outside any repository (<c>gate fingerprint</c>), paths as given.
    /// A folder is listed as a checked folder is (<see cref="RepositoryWalk"/>), and every file in it
    /// must be data, as in a folder dataset: a file in another format is GATE113, an unsafe name
    /// GATE114, a linked folder Gate does not enter GATE106; only lineage manifests are left out.
    /// </summary>
    public static DatasetFingerprint ScanPath(string path, ScanOptions options, CancellationToken cancellationToken = default)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            string display = path.TrimEnd('/', Path.DirectorySeparatorChar);
            RepositoryListing listing = new RepositoryRoot(full).List(cancellationToken);
            var errors = new InputErrorSink();
            foreach (UnsafeName name in listing.UnsafeNames)
            {
                errors.Add(InputErrorKind.UnsafeName, $"the name '{display}/{name.Path}' holds the character {name.Character}, which Gate refuses in file names", null);
            }

            foreach (UnfollowedLink link in listing.UnfollowedFolders)
            {
                errors.Add(InputErrorKind.PathOutsideRepository, $"the folder '{display}/{link.Path}' {link.Reason}; Gate does not enter it", null);
            }

            string[] files = listing.Files.Where(f => !f.EndsWith(Manifests.LineageManifest.Suffix, StringComparison.Ordinal)).ToArray();
            foreach (string file in files.Where(f => !DatasetFormats.IsDataFile(f)))
            {
                errors.Add(DatasetDiscovery.NotData($"{display}/{file}", $"it lies in the folder '{display}'", SourceLocation.WholeFile($"{display}/{file}")));
            }

            if (files.Length == 0)
            {
                errors.Add(InputErrorKind.UnsupportedFormat, $"the folder '{display}' holds no data file (.jsonl .json .csv .tsv .txt .parquet, optionally .gz or .zst)", null);
            }

            errors.ThrowIfAny();
            var root = new RepositoryRoot(full);
            foreach (string file in files)
            {
                if (root.LinkLeavingRoot(file, $"the file '{display}/{file}'") is { } outside)
                {
                    errors.Add(outside);
                }
            }

            errors.ThrowIfAny();
            return ScanFiles(display, files.Select(f => (root.ToFullPath(f), display + "/" + f)).ToArray(), options, cancellationToken);
        }

        if (!File.Exists(full))
        {
            throw new GateInputException(new InputError(InputErrorKind.FileNotReadable, $"'{path}' is not a file or folder", null));
        }

        if (!DatasetFormats.IsDataFile(full))
        {
            throw new GateInputException(DatasetDiscovery.NotData(path, "'gate fingerprint' was asked to read it", SourceLocation.WholeFile(path)));
        }

        return ScanFiles(path, [(full, path)], options, cancellationToken);
    }

    private static DatasetFingerprint ScanFiles(string datasetPath, IReadOnlyList<(string Full, string Display)> files, ScanOptions options, CancellationToken cancellationToken)
    {
        // Several shards: files in parallel (each on one thread); one file: SHA-256 and features overlapped inside it.
        // Either way the results are merged in path order, so the fingerprint does not depend on the schedule.
        var scans = new FileScan?[files.Count];
        var errors = new Exception?[files.Count];
        if (files.Count > 1 && options.MaxThreads > 1)
        {
            ScanOptions perFile = options with { MaxThreads = 1 };
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads, CancellationToken = cancellationToken }, i =>
            {
                try
                {
                    scans[i] = ScanFile(files[i].Full, files[i].Display, perFile, cancellationToken);
                }
                catch (GateInputException ex)
                {
                    errors[i] = ex;
                }
            });
            if (errors.FirstOrDefault(e => e is not null) is { } first)
            {
                throw first;
            }
        }
        else
        {
            for (int i = 0; i < files.Count; i++)
            {
                scans[i] = ScanFile(files[i].Full, files[i].Display, options, cancellationToken);
            }
        }

        return Combine(datasetPath, scans!);
    }

    /// <summary>
    /// One file of a dataset or reference on its own (a shard of a sharded lock or check); <see cref="Combine"/> of every
    /// file's result, in the dataset's order, is what <see cref="Scan"/> gives.
    /// </summary>
    public static FileScan ScanFileOf(RepositoryRoot root, string datasetPath, bool isFolder, string file, ScanOptions options, CancellationToken cancellationToken = default)
    {
        if (isFolder && root.LinkLeavingRoot(file, $"the file '{file}' in the folder '{datasetPath}'") is { } outside)
        {
            throw new GateInputException(outside);
        }

        return ScanFile(root.ToFullPath(file), file, options, cancellationToken);
    }

    /// <summary>A dataset's fingerprint from its files' scans, in its files' order: the features merge in that order, so the result does not depend on where or when each file was read.</summary>
    public static DatasetFingerprint Combine(string datasetPath, IEnumerable<FileScan> scans)
    {
        var digests = new List<FileDigest>();
        ContentFeatures? features = null;
        bool contentMissing = false;
        foreach (FileScan scan in scans)
        {
            digests.Add(scan.Digest);
            if (scan.Features is null)
            {
                contentMissing = true;
            }
            else
            {
                features = features is null ? scan.Features : features.MergeFrom(scan.Features);
            }
        }

        return new DatasetFingerprint(datasetPath, digests, contentMissing ? null : features ?? new ContentFeatures());
    }

    private static FileScan ScanFile(string full, string display, ScanOptions options, CancellationToken cancellationToken)
    {
        try
        {
            FileType.EnsureRegular(full);
            return FileScanner.Scan(full, display, options, cancellationToken);
        }
        catch (CorruptDataException ex)
        {
            var at = ex.Line > 0 ? new SourceLocation(display, checked((int)Math.Min(ex.Line, int.MaxValue)), 1) : SourceLocation.WholeFile(display);
            string where = ex.Line > 0 ? $" at line {ex.Line}" : string.Empty;
            throw new GateInputException(new InputError(InputErrorKind.CorruptData, $"{display}{where}: {ex.Message}", at));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateInputException(InputError.NotReadable(display, ex));
        }
    }
}
