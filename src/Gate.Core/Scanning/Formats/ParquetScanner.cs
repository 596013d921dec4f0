using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Gate.Core.Scanning;

/// <summary>
/// Parquet (Apache Arrow's reader, through ParquetSharp), one row group at a time: each row becomes
/// a canonical JSON object of its columns (schema order, nested columns as nested JSON;
/// <see cref="ParquetRows"/>), which is what its record hash and tokens are computed over.
/// </summary>
internal static class ParquetScanner
{
    /// <summary>How many times its compressed size a <c>.parquet.gz</c> or <c>.parquet.zst</c> may inflate to.</summary>
    private const int MaxInflation = 256;

    /// <summary>Bytes a compressed Parquet file may inflate to at all, whatever its size: the temporary file's bound on the disk.</summary>
    private const long MaxInflatedBytes = 16L << 30;

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static ContentFeatures Scan(SafeFileHandle handle, long length, string? compression, string displayPath, ScanOptions options, CancellationToken cancellationToken)
    {
        Stream source = new RandomAccessStream(handle, length);
        string? temporary = null;
        try
        {
            if (compression is not null)
            {
                // Parquet needs to seek; a compressed file is inflated to a temporary file, never to memory.
                temporary = Path.GetTempFileName();
                using (var target = File.Create(temporary))
                using (Stream inflate = Decompression.Inflate(source, compression)!)
                {
                    Inflate(inflate, target, length, cancellationToken);
                }

                source = File.OpenRead(temporary);
            }

            return ScanWithinBudget(source, displayPath, options, cancellationToken);
        }
        // The reader refuses a corrupt file with a ParquetException (a footer it cannot parse, a
        // schema the format does not allow); whatever it cannot read is the file's fault.
        catch (Exception ex) when (ex is not OperationCanceledException and not CorruptDataException)
        {
            throw new CorruptDataException($"the Parquet file cannot be read ({ParquetRows.FirstLine(ex.Message)})", 0);
        }
        finally
        {
            source.Dispose();
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Inflates a compressed Parquet file, refusing what cannot be one before it fills the disk: data
    /// that does not start with Parquet's magic <c>PAR1</c>, and more than <see cref="MaxInflation"/>
    /// times the compressed size (Parquet compresses its own pages; a second compression gains little,
    /// so a far larger ratio is a decompression bomb) or <see cref="MaxInflatedBytes"/> in all.
    /// </summary>
    private static void Inflate(Stream inflate, Stream target, long compressedLength, CancellationToken cancellationToken)
    {
        long limit = Math.Min((compressedLength * MaxInflation) + (64L << 20), MaxInflatedBytes);
        byte[] buffer = new byte[1 << 20];
        long written = 0;
        int read;
        while ((read = inflate.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (long i = written; i < 4 && i - written < read; i++)
            {
                if (buffer[i - written] != "PAR1"u8[(int)i])
                {
                    throw new CorruptDataException("the compressed file does not hold a Parquet file (no PAR1 at its start)", 0);
                }
            }

            written += read;
            if (written > limit)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                    $"the compressed Parquet file inflates to more than {limit >> 20:N0} MiB (at most {MaxInflation} times its size, and 16 GiB); store it uncompressed or with Parquet's own compression"), 0);
            }

            target.Write(buffer, 0, read);
        }
    }

    /// <summary>
    /// Runs the Parquet reader on its own thread under a watchdog: when it makes no progress for the
    /// time budget, the read is stopped and the file is an error, never a hang. (A thread stuck inside
    /// the native reader cannot be stopped; it ends with the process, which a command-line run or a
    /// build node soon does. One that moves stops at its next step.)
    /// </summary>
    private static ContentFeatures ScanWithinBudget(Stream source, string displayPath, ScanOptions options, CancellationToken cancellationToken)
    {
        // One Parquet file decodes at a time in the process, so that the row-group budget bounds the
        // process's memory, however many files a run scans at once.
        OneAtATime.Wait(cancellationToken);
        try
        {
            return Watched(source, displayPath, options, cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static ContentFeatures Watched(Stream source, string displayPath, ScanOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limits = new ParquetReadLimits(stop.Token);
        Task<ContentFeatures> scan = Task.Factory.StartNew(
            () => ScanRows(source, displayPath, options, limits),
            stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            long seen = -1;
            while (!scan.Wait(options.ParquetTimeBudget, cancellationToken))
            {
                long now = limits.Progress;
                if (now == seen)
                {
                    stop.Cancel();
                    throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                        $"the Parquet reader made no progress for {options.ParquetTimeBudget.TotalSeconds:0.###} s; the file is most likely corrupt"), 0);
                }

                seen = now;
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException!);
        }

        return scan.Result;
    }

    private static ContentFeatures ScanRows(Stream source, string displayPath, ScanOptions options, ParquetReadLimits limits)
    {
        var state = new ScanState(new FeatureExtractor(displayPath, options.GeneratorField, options.Extractor));
        var jsonl = new JsonLinesScanner(); // rows are numbered like lines: the first row is line 1
        ParquetRows.Read(
            source,
            columns =>
            {
                foreach (string column in columns)
                {
                    state.Extractor.AddField(Encoding.UTF8.GetBytes(column));
                }
            },
            row => jsonl.Scan(row, final: true, state),
            limits);
        return state.Extractor.Flush();
    }
}
