using Microsoft.Win32.SafeHandles;

namespace Gate.Core.Scanning;

/// <summary>
/// A large uncompressed JSON Lines or text file on several threads: cut at line breaks into chunks
/// of about <see cref="ScanOptions.ParallelChunkBytes"/>, each read on its own, merged in file order,
/// so the features are those one thread would compute.
/// </summary>
internal static class ChunkedFileScan
{
    public static ContentFeatures Scan(SafeFileHandle handle, long length, FileScanContext context)
    {
        long[] starts = ChunkStarts(handle, length, context.Options.ParallelChunkBytes);
        var results = new ChunkResult[starts.Length];
        Parallel.For(0, starts.Length, new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxThreads, CancellationToken = context.CancellationToken }, i =>
        {
            long end = i + 1 < starts.Length ? starts[i + 1] : length;
            using var stream = new RandomAccessStream(handle, length);
            results[i] = ChunkResult.Of(() => RecordPump.Pump(stream, starts[i], end - starts[i], context));
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
}
