using System.Collections.Concurrent;

namespace Gate.Core.Scanning;

/// <summary>
/// A decompressed JSON Lines or text stream on several threads: the calling thread inflates and
/// cuts, workers scan the chunks, the results merge in file order.
/// </summary>
internal static class InflatedChunkScan
{
    /// <summary>The largest piece of a decompressed stream handed to one worker, and the most workers: decompression on one thread feeds few.</summary>
    private const int MaxInflatedChunkBytes = 4 << 20, MaxInflatedWorkers = 4;

    /// <summary>
    /// A decompressed JSON Lines or text stream on several threads: this thread inflates it and cuts
    /// it at line breaks into chunks, workers extract the chunks' features, and the results merge in
    /// file order, so the fingerprint is the one a single thread computes. Only a few chunks are in
    /// flight at once, each at most a chunk long, so memory stays bounded whatever the file's size.
    /// </summary>
    public static ContentFeatures Scan(Stream inflated, FileScanContext context)
    {
        ScanOptions options = context.Options;
        CancellationToken cancellationToken = context.CancellationToken;
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
                        read = Decompression.ReadSome(inflated, buffer.AsSpan(filled, chunkBytes - filled));
                    }
                    catch (CorruptDataException ex)
                    {
                        // The chunks before come first, then what was read since, as one thread would see them.
                        MergeAll();
                        byte[] readSoFar = buffer;
                        int readLength = filled;
                        bool atStart = first;
                        ChunkResult.Of(() => throw RecordPump.AfterBreak(ex, readSoFar.AsSpan(0, readLength), atStart, context.NewScanner(), context.NewState()))
                            .MergeInto(total, ref mergedLines);
                        throw new System.Diagnostics.UnreachableException("a chunk that ends in a break throws when it is merged");
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
                    ChunkResult.Of(() => RecordPump.Pump(rest, 0, long.MaxValue, context, fromStart)).MergeInto(total, ref mergedLines);
                    return total;
                }

                int left = filled - cut;
                byte[] next = Take();
                buffer.AsSpan(cut, left).CopyTo(next);
                inFlight.Enqueue(ScanChunk(buffer, cut, atFileStart: first, spare, context));
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
    private static Task<ChunkResult> ScanChunk(byte[] chunk, int length, bool atFileStart, ConcurrentQueue<byte[]> spare, FileScanContext context) =>
        Task.Run(() =>
        {
            try
            {
                return ChunkResult.Of(() => RecordPump.ScanInPlace(chunk, length, atFileStart, context));
            }
            finally
            {
                spare.Enqueue(chunk);
            }
        });

    /// <summary>Waits for the oldest chunk in flight and merges it.</summary>
    private static void MergeNext(Queue<Task<ChunkResult>> inFlight, ContentFeatures total, ref long mergedLines) =>
        inFlight.Dequeue().GetAwaiter().GetResult().MergeInto(total, ref mergedLines);
}
