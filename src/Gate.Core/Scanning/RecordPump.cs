using System.Buffers;

namespace Gate.Core.Scanning;

/// <summary>
/// Reads records through a format's scanner, a block at a time: from a stream (<see cref="Pump"/>)
/// or from a chunk of whole records already in memory (<see cref="ScanInPlace"/>). Records longer
/// than a block grow the buffer, up to <see cref="MaxRecordBytes"/>. When a decompressing stream
/// breaks mid-read, <see cref="AfterBreak"/> is the one way that is reported.
/// </summary>
internal static class RecordPump
{
    public const int MaxRecordBytes = 256 << 20;

    /// <summary>
    /// The stream broke after <paramref name="read"/>: its whole records are scanned first, so that an
    /// error in them is the one reported (as in a scan that reads them whole); then the break, on the
    /// line after them. Returns the exception to throw.
    /// </summary>
    public static CorruptDataException AfterBreak(CorruptDataException broken, ReadOnlySpan<byte> read, bool fileStart, RecordScanner scanner, ScanState state)
    {
        ScanWindow(read, final: false, fileStart, scanner, state);
        return new CorruptDataException(broken.Message, state.Line + 1);
    }

    public static CorruptDataException RecordTooLong(long line) =>
        new($"a record is longer than {MaxRecordBytes >> 20} MiB; the file is corrupt or not in its format", line);

    /// <summary>Reads [offset, offset+count) of the stream block by block through a fresh scanner.</summary>
    public static (ContentFeatures Features, long Lines) Pump(Stream stream, long offset, long count, FileScanContext context, bool atFileStart = true)
    {
        RecordScanner scanner = context.NewScanner();
        ScanOptions options = context.Options;
        CancellationToken cancellationToken = context.CancellationToken;
        if (offset > 0)
        {
            stream.Seek(offset, SeekOrigin.Begin);
        }

        ScanState state = context.NewState();
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
                        read = want == 0 ? 0 : Decompression.ReadSome(stream, buffer.AsSpan(filled, want));
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
                    throw AfterBreak(broken, buffer.AsSpan(0, filled), first, scanner, state);
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
    public static (ContentFeatures Features, long Lines) ScanInPlace(byte[] chunk, int length, bool atFileStart, FileScanContext context)
    {
        RecordScanner scanner = context.NewScanner();
        ScanOptions options = context.Options;
        CancellationToken cancellationToken = context.CancellationToken;
        ScanState state = context.NewState();
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
    /// byte-order mark; the text is checked for invalid UTF-8 and raw control bytes (<see cref="TextCheck"/>).
    /// </summary>
    public static int ScanWindow(ReadOnlySpan<byte> window, bool final, bool fileStart, RecordScanner scanner, ScanState state)
    {
        int start = fileStart && window.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        ReadOnlySpan<byte> data = window[start..];
        long lineBefore = state.Line;
        int consumed;
        try
        {
            consumed = scanner.Scan(data, final, state);
        }
        catch (CorruptDataException ex) when (TextCheck.Find(data, final) is { } invalid && lineBefore + invalid.Line <= ex.Line)
        {
            // Invalid UTF-8 or a raw control byte at or before the failing line can derail the
            // structural scan; name the real cause. (One further on did not: the first error stands.)
            throw new CorruptDataException(invalid.Message, lineBefore + invalid.Line);
        }

        if (TextCheck.Find(data[..consumed], final: true) is { } bad)
        {
            throw new CorruptDataException(bad.Message, lineBefore + bad.Line);
        }

        return start + consumed;
    }
}
