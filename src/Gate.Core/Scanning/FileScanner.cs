using System.Security.Cryptography;
using Gate.Core.Datasets;
using Microsoft.Win32.SafeHandles;

namespace Gate.Core.Scanning;

// FileScan is the scanner's result type and nothing else uses it: it stays beside its only producer.

/// <summary>What one file yielded: its digest and, unless it is a Git LFS pointer, its features.</summary>
internal sealed record FileScan(FileDigest Digest, ContentFeatures? Features);

/// <summary>
/// Scans one data file: recognises a Git LFS pointer, then chooses how to read the rest. The
/// SHA-256 of the file's bytes is taken alongside feature extraction: from the same reads (one
/// pass, under a decompressor if there is one) or on its own thread. The strategies are each in
/// their own file: <see cref="RecordPump"/> (one thread), <see cref="ChunkedFileScan"/> (an
/// uncompressed file cut at line breaks), <see cref="InflatedChunkScan"/> (a decompressed stream cut
/// while it inflates), <see cref="ParquetScanner"/>. Every strategy gives the same fingerprint.
/// </summary>
internal static class FileScanner
{
    public static FileScan Scan(string fullPath, string displayPath, ScanOptions options, CancellationToken cancellationToken)
    {
        using SafeFileHandle handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long length = RandomAccess.GetLength(handle);
        if (length < LfsPointer.MaxPointerSize)
        {
            byte[] small = new byte[length];
            RandomAccess.Read(handle, small, 0);
            if (LfsPointer.LooksLikePointer(small))
            {
                LfsPointer pointer = LfsPointer.Parse(small, out string? problem)
                    ?? throw new CorruptDataException(problem!, 1);
                return new FileScan(new FileDigest(displayPath, pointer.Sha256, pointer.Size, IsLfsPointer: true), null);
            }
        }

        (string format, string? compression) = DatasetFormats.Split(fullPath);
        var context = new FileScanContext(displayPath, format, options, cancellationToken);
        bool parallel = options.MaxThreads > 1;
        return format != ".parquet" && (!parallel || compression is not null)
            ? OnePass(handle, length, compression, context)
            : HashBeside(handle, length, compression, context);
    }

    /// <summary>
    /// One sequential pass over the file's bytes: the SHA-256 is taken from the reads the features
    /// make (beneath the decompressor, if any), instead of reading the file a second time. A
    /// decompressor may stop before the file's end (bytes after the compressed data): the file is then
    /// hashed on its own. On several threads, inflated JSON Lines and text are cut into chunks that
    /// workers scan while this thread inflates.
    /// </summary>
    private static FileScan OnePass(SafeFileHandle handle, long length, string? compression, FileScanContext context)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new RandomAccessStream(handle, length) { Hash = hash, Progress = context.Options.Progress };
        using Stream? inflated = Decompression.Inflate(stream, compression);
        ContentFeatures read = inflated is not null && context.Options.MaxThreads > 1 && context.NewScanner().SplitsAtLineBreaks
            ? InflatedChunkScan.Scan(inflated, context)
            : RecordPump.Pump(inflated ?? stream, 0, inflated is null ? length : long.MaxValue, context).Features;
        string digest = stream.Position == length
            ? Convert.ToHexStringLower(hash.GetHashAndReset())
            : FileHashing.Sha256(handle, length, progress: null, context.CancellationToken);
        return new FileScan(new FileDigest(context.DisplayPath, digest, length, IsLfsPointer: false), read);
    }

    /// <summary>
    /// Parquet (which seeks), and uncompressed files on several threads: the SHA-256 runs on its own
    /// thread while the features are read apart (cut into chunks, for JSON Lines and text).
    /// </summary>
    private static FileScan HashBeside(SafeFileHandle handle, long length, string? compression, FileScanContext context)
    {
        ScanOptions options = context.Options;
        Task<string>? shaTask = options.MaxThreads > 1
            ? Task.Run(() => FileHashing.Sha256(handle, length, options.Progress, context.CancellationToken), context.CancellationToken)
            : null;
        ContentFeatures features;
        try
        {
            features = Features(handle, length, compression, context);
        }
        catch
        {
            try
            {
                shaTask?.Wait(context.CancellationToken);
            }
            catch (AggregateException)
            {
                // the feature error is the one to report
            }

            throw;
        }

        string sha = shaTask is null ? FileHashing.Sha256(handle, length, options.Progress, context.CancellationToken) : shaTask.GetAwaiter().GetResult();
        return new FileScan(new FileDigest(context.DisplayPath, sha, length, IsLfsPointer: false), features);
    }

    private static ContentFeatures Features(SafeFileHandle handle, long length, string? compression, FileScanContext context)
    {
        if (context.Format == ".parquet")
        {
            return ParquetScanner.Scan(handle, length, compression, context.DisplayPath, context.Options, context.CancellationToken);
        }

        if (context.NewScanner().SplitsAtLineBreaks && length >= 2 * context.Options.ParallelChunkBytes)
        {
            return ChunkedFileScan.Scan(handle, length, context);
        }

        using var plain = new RandomAccessStream(handle, length);
        return RecordPump.Pump(plain, 0, length, context).Features;
    }
}
