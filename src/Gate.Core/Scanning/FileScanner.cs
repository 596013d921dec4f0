using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Unicode;
using Gate.Core.Datasets;
using Microsoft.Win32.SafeHandles;

namespace Gate.Core.Scanning;

/// <summary>What one file yielded: its digest and, unless it is a Git LFS pointer, its features.</summary>
internal sealed record FileScan(FileDigest Digest, ContentFeatures? Features);

/// <summary>
/// Scans one data file. The SHA-256 of the file's bytes runs on its own thread, overlapped with
/// feature extraction; a large uncompressed JSON Lines or text file is cut at line breaks into
/// chunks whose features are extracted in parallel and merged in file order, so the result is the
/// same for any thread count.
/// </summary>
internal static class FileScanner
{
    private const int MaxRecordBytes = 256 << 20;

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
        bool parallel = options.MaxThreads > 1;
        if (format != ".parquet" && (!parallel || compression is not null))
        {
            // One sequential pass over the file's bytes: the SHA-256 is taken from the reads the
            // features make (beneath the decompressor, if any), instead of reading the file a second
            // time. A decompressor may stop before the file's end (bytes after the compressed data):
            // the file is then hashed on its own. On several threads, inflated JSON Lines and text
            // are cut into chunks that workers scan while this thread inflates.
            using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var stream = new RandomAccessStream(handle, length) { Hash = hash, Progress = options.Progress };
            using Stream? inflated = Inflate(stream, compression);
            RecordScanner scanner = RecordScanner.For(format);
            ContentFeatures read = inflated is not null && parallel && scanner.SplitsAtLineBreaks
                ? ScanInflatedChunks(inflated, displayPath, format, options, cancellationToken)
                : Pump(inflated ?? stream, 0, inflated is null ? length : long.MaxValue, displayPath, scanner, options, cancellationToken).Features;
            string digest = stream.Position == length ? Convert.ToHexStringLower(hash.GetHashAndReset()) : Sha256(handle, length, progress: null, cancellationToken);
            return new FileScan(new FileDigest(displayPath, digest, length, IsLfsPointer: false), read);
        }

        // Parquet (which seeks), and uncompressed files on several threads: the SHA-256 runs on its
        // own thread while the features are read apart (cut into chunks, for JSON Lines and text).
        Task<string>? shaTask = parallel ? Task.Run(() => Sha256(handle, length, options.Progress, cancellationToken), cancellationToken) : null;
        ContentFeatures features;
        try
        {
            features = ScanFeatures(handle, length, displayPath, format, compression, options, cancellationToken);
        }
        catch
        {
            try
            {
                shaTask?.Wait(cancellationToken);
            }
            catch (AggregateException)
            {
                // the feature error is the one to report
            }

            throw;
        }

        string sha = shaTask is null ? Sha256(handle, length, options.Progress, cancellationToken) : shaTask.GetAwaiter().GetResult();
        return new FileScan(new FileDigest(displayPath, sha, length, IsLfsPointer: false), features);
    }

    public static string Sha256(SafeFileHandle handle, long length, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long offset = 0;
            while (offset < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                offset += read;
                progress?.Report(read);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ContentFeatures ScanFeatures(SafeFileHandle handle, long length, string displayPath, string format, string? compression, ScanOptions options, CancellationToken cancellationToken)
    {
        if (format == ".parquet")
        {
            return ParquetScanner.Scan(handle, length, compression, displayPath, options, cancellationToken);
        }

        RecordScanner scanner = RecordScanner.For(format);
        if (scanner.SplitsAtLineBreaks && length >= 2 * options.ParallelChunkBytes)
        {
            return ScanChunks(handle, length, displayPath, format, options, cancellationToken);
        }

        using var plain = new RandomAccessStream(handle, length);
        return Pump(plain, 0, length, displayPath, scanner, options, cancellationToken).Features;
    }

    /// <summary>The decompressing stream over <paramref name="file"/> (left open), or null when the file is not compressed.</summary>
    internal static Stream? Inflate(Stream file, string? compression) => compression switch
    {
        null => null,
        ".gz" => GZipMemberStream.IsSupported ? new GZipMemberStream(file) : new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true),
        _ => new ZstdSharp.DecompressionStream(file, leaveOpen: true),
    };

    /// <summary>The largest piece of a decompressed stream handed to one worker, and the most workers: decompression on one thread feeds few.</summary>
    private const int MaxInflatedChunkBytes = 4 << 20, MaxInflatedWorkers = 4;

    /// <summary>
    /// A decompressed JSON Lines or text stream on several threads: this thread inflates it and cuts
    /// it at line breaks into chunks, workers extract the chunks' features, and the results merge in
    /// file order, so the fingerprint is the one a single thread computes. Only a few chunks are in
    /// flight at once, each at most a chunk long, so memory stays bounded whatever the file's size.
    /// </summary>
    private static ContentFeatures ScanInflatedChunks(Stream inflated, string displayPath, string format, ScanOptions options, CancellationToken cancellationToken)
    {
        int chunkBytes = (int)Math.Clamp(options.ParallelChunkBytes, 1, MaxInflatedChunkBytes);
        int workers = Math.Min(options.MaxThreads, MaxInflatedWorkers);
        var inFlight = new Queue<Task<ChunkResult>>();
        var total = new ContentFeatures();
        long mergedLines = 0;

        // Chunk buffers cycle between this thread and the workers (the shared array pool would keep
        // those that workers return in their threads' caches, and this thread would allocate anew).
        var spare = new ConcurrentQueue<byte[]>();
        byte[] Take() => spare.TryDequeue(out byte[]? kept) ? kept : GC.AllocateUninitializedArray<byte>(chunkBytes);

        void MergeAll()
        {
            while (inFlight.Count > 0)
            {
                MergeNext(inFlight, total, ref mergedLines);
            }
        }

        byte[] buffer = Take();
        int filled = 0;
        bool first = true;
        try
        {
            for (bool end = false; !end;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (filled < chunkBytes)
                {
                    int read;
                    try
                    {
                        read = ReadSome(inflated, buffer.AsSpan(filled, chunkBytes - filled));
                    }
                    catch (CorruptDataException ex)
                    {
                        // The stream breaks after what was read: the chunks before and the whole lines
                        // read since are scanned first, so an error in them is the one reported (as on
                        // one thread); then the break, on the line after them.
                        MergeAll();
                        int whole = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                        ChunkResult.Of(() => ScanInPlace(buffer, whole, first, displayPath, RecordScanner.For(format), options, cancellationToken)).MergeInto(total, ref mergedLines);
                        throw new CorruptDataException(ex.Message, mergedLines + 1);
                    }

                    if (read == 0)
                    {
                        end = true;
                        break;
                    }

                    filled += read;
                }

                int cut = end ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (cut == 0 && !end)
                {
                    // No line break in a whole chunk: records this long are scanned, from here to the
                    // end, on this thread alone, with the memory of a one-thread scan.
                    MergeAll();
                    using var rest = new PrefixedStream(buffer.AsMemory(0, filled), inflated);
                    bool fromStart = first;
                    ChunkResult.Of(() => Pump(rest, 0, long.MaxValue, displayPath, RecordScanner.For(format), options, cancellationToken, fromStart)).MergeInto(total, ref mergedLines);
                    return total;
                }

                int left = filled - cut;
                byte[] next = Take();
                buffer.AsSpan(cut, left).CopyTo(next);
                inFlight.Enqueue(ScanInflatedChunk(buffer, cut, atFileStart: first, spare, displayPath, format, options, cancellationToken));
                first = false;
                buffer = next;
                filled = left;
                while (inFlight.Count > workers)
                {
                    MergeNext(inFlight, total, ref mergedLines);
                }
            }

            MergeAll();
            return total;
        }
        finally
        {
            // On an error, the chunks still in flight finish first: no worker outlives the scan.
            try
            {
                Task.WaitAll([.. inFlight]);
            }
            catch (AggregateException)
            {
                // the error being thrown is the one to report
            }
        }
    }

    /// <summary>Extracts the features of <paramref name="chunk"/>[0, <paramref name="length"/>) on the thread pool, then gives the buffer back to <paramref name="spare"/>.</summary>
    private static Task<ChunkResult> ScanInflatedChunk(byte[] chunk, int length, bool atFileStart, ConcurrentQueue<byte[]> spare, string displayPath, string format, ScanOptions options, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            try
            {
                return ChunkResult.Of(() => ScanInPlace(chunk, length, atFileStart, displayPath, RecordScanner.For(format), options, cancellationToken));
            }
            finally
            {
                spare.Enqueue(chunk);
            }
        });

    /// <summary>Waits for the oldest chunk in flight and merges it.</summary>
    private static void MergeNext(Queue<Task<ChunkResult>> inFlight, ContentFeatures total, ref long mergedLines) =>
        inFlight.Dequeue().GetAwaiter().GetResult().MergeInto(total, ref mergedLines);

    private static CorruptDataException RecordTooLong(long line) =>
        new($"a record is longer than {MaxRecordBytes >> 20} MiB; the file is corrupt or not in its format", line);

    private static ContentFeatures ScanChunks(SafeFileHandle handle, long length, string displayPath, string format, ScanOptions options, CancellationToken cancellationToken)
    {
        long[] starts = ChunkStarts(handle, length, options.ParallelChunkBytes);
        var results = new ChunkResult[starts.Length];
        Parallel.For(0, starts.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads, CancellationToken = cancellationToken }, i =>
        {
            long end = i + 1 < starts.Length ? starts[i + 1] : length;
            using var stream = new RandomAccessStream(handle, length);
            results[i] = ChunkResult.Of(() => Pump(stream, starts[i], end - starts[i], displayPath, RecordScanner.For(format), options, cancellationToken));
        });

        ContentFeatures total = new();
        long lines = 0;
        foreach (ChunkResult result in results)
        {
            result.MergeInto(total, ref lines);
        }

        return total;
    }

    /// <summary>Chunk starts: every <paramref name="chunk"/> bytes, moved just past the next line break.</summary>
    private static long[] ChunkStarts(SafeFileHandle handle, long length, long chunk)
    {
        var starts = new List<long> { 0 };
        byte[] probe = new byte[64 << 10];
        for (long target = chunk; target < length; target += chunk)
        {
            long at = Math.Max(target, starts[^1] + 1);
            long found = -1;
            while (at < length && found < 0)
            {
                int read = RandomAccess.Read(handle, probe, at);
                int newline = probe.AsSpan(0, read).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    found = at + newline + 1;
                }

                at += read;
                if (read == 0)
                {
                    break;
                }
            }

            if (found < 0 || found >= length)
            {
                break;
            }

            starts.Add(found);
            target = found;
        }

        return [.. starts];
    }

    /// <summary>Reads [offset, offset+count) of the stream block by block through <paramref name="scanner"/>.</summary>
    private static (ContentFeatures Features, long Lines) Pump(Stream stream, long offset, long count, string displayPath, RecordScanner scanner, ScanOptions options, CancellationToken cancellationToken, bool atFileStart = true)
    {
        if (offset > 0)
        {
            stream.Seek(offset, SeekOrigin.Begin);
        }

        var state = new ScanState(new FeatureExtractor(displayPath, options.GeneratorField));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(options.BlockBytes + 64);
        int filled = 0;
        long remaining = count;
        bool first = atFileStart && offset == 0, end = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CorruptDataException? broken = null;
                while (!end && filled < buffer.Length - 64)
                {
                    int want = (int)Math.Min(buffer.Length - 64 - filled, remaining);
                    int read;
                    try
                    {
                        read = want == 0 ? 0 : ReadSome(stream, buffer.AsSpan(filled, want));
                    }
                    catch (CorruptDataException ex)
                    {
                        broken = ex;
                        break;
                    }

                    if (read == 0)
                    {
                        end = true;
                        break;
                    }

                    filled += read;
                    remaining -= read;
                }

                if (broken is not null)
                {
                    // The stream breaks after what was read: its whole records are scanned first, so
                    // an error in them is the one reported; then the break, on the line after them.
                    ScanWindow(buffer.AsSpan(0, filled), final: false, first, scanner, state);
                    throw new CorruptDataException(broken.Message, state.Line + 1);
                }

                int consumed = ScanWindow(buffer.AsSpan(0, filled), end, first, scanner, state);
                first = false;
                if (end)
                {
                    break;
                }

                int left = filled - consumed;
                if (consumed == 0 && filled >= buffer.Length - 64)
                {
                    if (buffer.Length >= MaxRecordBytes)
                    {
                        throw RecordTooLong(state.Line + 1);
                    }

                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    continue;
                }

                buffer.AsSpan(consumed, left).CopyTo(buffer);
                filled = left;
            }

            return (state.Extractor.Flush(), state.Line);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Scans <paramref name="chunk"/>[0, <paramref name="length"/>), whole records already in
    /// memory, in place: a window of a block at a time, grown while a record is longer.
    /// </summary>
    private static (ContentFeatures Features, long Lines) ScanInPlace(byte[] chunk, int length, bool atFileStart, string displayPath, RecordScanner scanner, ScanOptions options, CancellationToken cancellationToken)
    {
        var state = new ScanState(new FeatureExtractor(displayPath, options.GeneratorField));
        int at = 0, window = options.BlockBytes;
        bool first = atFileStart;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int end = (int)Math.Min(length, (long)at + window);
            bool final = end == length;
            int consumed = ScanWindow(chunk.AsSpan(at, end - at), final, first, scanner, state);
            if (final)
            {
                return (state.Extractor.Flush(), state.Line);
            }

            if (consumed == 0)
            {
                window *= 2; // a record longer than the window (and a window too short to show a whole byte-order mark)
                continue;
            }

            first = false;
            at += consumed;
            window = options.BlockBytes;
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Scans the whole records at the start of <paramref name="window"/> (all of it when
    /// <paramref name="final"/>) and returns the bytes consumed. The file's first window skips a
    /// byte-order mark; JSON text is checked for invalid UTF-8 and raw control bytes.
    /// </summary>
    private static int ScanWindow(ReadOnlySpan<byte> window, bool final, bool fileStart, RecordScanner scanner, ScanState state)
    {
        int start = fileStart && window.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        ReadOnlySpan<byte> data = window[start..];
        long lineBefore = state.Line;
        int consumed;
        try
        {
            consumed = scanner.Scan(data, final, state);
        }
        catch (CorruptDataException ex) when (scanner.RequiresUtf8 && InvalidJsonText(data, final) is { } invalid && lineBefore + invalid.Line <= ex.Line)
        {
            // Invalid UTF-8 or a raw control byte at or before the failing line can derail the
            // structural scan; name the real cause. (One further on did not: the first error stands.)
            throw new CorruptDataException(invalid.Message, lineBefore + invalid.Line);
        }

        if (scanner.RequiresUtf8 && InvalidJsonText(data[..consumed], final: true) is { } bad)
        {
            throw new CorruptDataException(bad.Message, lineBefore + bad.Line);
        }

        return start + consumed;
    }

    /// <summary>Reads from a possibly decompressing stream; corrupt compressed data is a <see cref="CorruptDataException"/> whose line the caller knows (0 here).</summary>
    private static int ReadSome(Stream stream, Span<byte> into)
    {
        try
        {
            return stream.Read(into);
        }
        catch (InvalidDataException ex)
        {
            throw new CorruptDataException($"the compressed data is corrupt ({ex.Message})", 0);
        }
        catch (ZstdSharp.ZstdException ex)
        {
            throw new CorruptDataException($"the compressed data is corrupt ({ex.Message})", 0);
        }
        catch (EndOfStreamException)
        {
            // Only a decompressor throws this (a file read past its end just returns nothing): zstd's frame is cut short.
            throw new CorruptDataException("the compressed data ends early: the file is truncated", 0);
        }
    }

    /// <summary>JSON's control bytes: U+0000–U+001F other than tab, line feed and carriage return are never valid raw.</summary>
    private static readonly SearchValues<byte> JsonControlBytes =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(b => b is not ('\t' or '\n' or '\r')).Select(b => (byte)b)]);

    /// <summary>
    /// Why JSON text is not acceptable (invalid UTF-8, a raw control byte such as NUL), with its
    /// 1-based line in <paramref name="data"/>; null when it is fine. Unless <paramref name="final"/>,
    /// a multi-byte character cut at the end of the block is not an error.
    /// </summary>
    private static (string Message, long Line)? InvalidJsonText(ReadOnlySpan<byte> data, bool final)
    {
        int control = data.IndexOfAny(JsonControlBytes);
        ReadOnlySpan<byte> text = control >= 0 ? data[..control] : data;
        if (!Utf8.IsValid(text))
        {
            // Unless final, a character may be cut at the block's end; text that stops at a control byte is not at the end.
            int cut = final || control >= 0 ? text.Length : text.LastIndexOf((byte)'\n') + 1;
            if (!Utf8.IsValid(text[..cut]))
            {
                return ("the data is not valid UTF-8", FirstInvalidLine(text[..cut]));
            }
        }

        if (control >= 0)
        {
            return ($"a raw control byte 0x{data[control]:X2} is not valid in JSON text (a binary file, or an unescaped character)", 1 + data[..control].Count((byte)'\n'));
        }

        return null;
    }

    private static long FirstInvalidLine(ReadOnlySpan<byte> data)
    {
        long line = 1;
        int i = 0;
        while (i < data.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(data[i..], out _, out int used) != OperationStatus.Done)
            {
                return line;
            }

            if (data[i] == (byte)'\n')
            {
                line++;
            }

            i += used;
        }

        return line;
    }
}
