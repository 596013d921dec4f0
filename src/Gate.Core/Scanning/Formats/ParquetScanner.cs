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
                    inflate.CopyTo(target);
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
    /// Runs the Parquet reader on its own thread and gives up after the time budget: a corrupt file
    /// that makes the library loop is an error, never a hang. (The runaway thread cannot be
    /// stopped; it ends with the process, which a command-line run or a build node soon does.)
    /// </summary>
    private static ContentFeatures ScanWithinBudget(Stream source, string displayPath, ScanOptions options, CancellationToken cancellationToken)
    {
        TimeSpan budget = options.ParquetTimeBudget + TimeSpan.FromSeconds(source.Length / (32 << 20));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<ContentFeatures> scan = Task.Factory.StartNew(
            () => ScanRows(source, displayPath, options, stop.Token),
            stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!scan.Wait(budget, cancellationToken))
            {
                stop.Cancel();
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                    $"the Parquet reader did not finish within {budget.TotalSeconds:0} s; the file is most likely corrupt"), 0);
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException!);
        }

        return scan.Result;
    }

    private static ContentFeatures ScanRows(Stream source, string displayPath, ScanOptions options, CancellationToken cancellationToken)
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
            cancellationToken);
        return state.Extractor.Flush();
    }
}
