using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Repository;

namespace Gate.Core.Scanning;

/// <summary>
/// Fingerprints datasets: a file, or a folder of shards (every data file below it, in path order).
/// A file that cannot be read as its format is a GATE111 error with the file and line.
/// </summary>
public static class DatasetScanner
{
    /// <summary>
    /// Fingerprints a dataset; a folder's files are taken from <paramref name="listing"/> (the
    /// files below the root, as listed once for the run). Whoever named the dataset checked that its path stays
    /// inside the root; a folder's shards are checked here, since a shard may be a link of its own.
    /// </summary>
    public static DatasetFingerprint Scan(RepositoryRoot root, RepositoryListing listing, string datasetPath, bool isFolder, ScanOptions options, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> files = isFolder
            ? listing.FilesUnder(datasetPath).Where(DatasetFormats.IsDataFile).ToArray()
            : [datasetPath];
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

    /// <summary>Fingerprints files outside any repository (<c>gate fingerprint</c>): paths as given.</summary>
    public static DatasetFingerprint ScanPath(string path, ScanOptions options, CancellationToken cancellationToken = default)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                .Where(DatasetFormats.IsDataFile)
                .Select(f => (f, path.TrimEnd('/') + "/" + Path.GetRelativePath(full, f).Replace('\\', '/')))
                .OrderBy(f => f.Item2, StringComparer.Ordinal)
                .ToArray();
            return ScanFiles(path.TrimEnd('/'), files, options, cancellationToken);
        }

        if (!File.Exists(full))
        {
            throw new GateInputException(new InputError(InputErrorKind.FileNotReadable, $"'{path}' is not a file or folder", null));
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

        var digests = new List<FileDigest>();
        ContentFeatures? features = null;
        bool contentMissing = false;
        foreach (FileScan? scan in scans)
        {
            digests.Add(scan!.Digest);
            if (scan.Features is null)
            {
                contentMissing = true;
            }
            else
            {
                features = features is null ? scan.Features : features.Merge(scan.Features);
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
