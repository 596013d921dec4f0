using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;

namespace Gate.Core.Scanning;

/// <summary>
/// Parquet (Parquet.Net), one row group at a time: each row becomes a canonical JSON object of its
/// columns (schema order), which is what its record hash and tokens are computed over.
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
                using (Stream inflate = compression == ".gz" ? new GZipStream(source, CompressionMode.Decompress) : new ZstdSharp.DecompressionStream(source))
                {
                    inflate.CopyTo(target);
                }

                source = File.OpenRead(temporary);
            }

            return ScanWithinBudget(source, displayPath, options, cancellationToken);
        }
        // Parquet.Net throws many kinds of exceptions on a corrupt file (Thrift protocol errors,
        // overflows, out-of-range reads): whatever the reader cannot read is the file's fault.
        catch (Exception ex) when (ex is not OperationCanceledException and not CorruptDataException)
        {
            throw new CorruptDataException($"the Parquet file cannot be read ({ex.Message})", 0);
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

    /// <summary>Rows per row group Gate reads at once (Parquet writers default to about a million).</summary>
    private const long MaxRowsPerGroup = 64L << 20;

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
            () => ScanAsync(source, displayPath, options, stop.Token).GetAwaiter().GetResult(),
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

    private static async Task<ContentFeatures> ScanAsync(Stream source, string displayPath, ScanOptions options, CancellationToken cancellationToken)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        DataField[] fields = reader.Schema.GetDataFields();
        var state = new ScanState(new FeatureExtractor(displayPath, options.GeneratorField));
        foreach (DataField field in fields)
        {
            state.Extractor.AddField(Encoding.UTF8.GetBytes(field.Name));
        }

        var row = new MemoryStream();
        using var json = new Utf8JsonWriter(row); // one writer, reset for each row
        var jsonl = new JsonLinesScanner(); // rows are numbered like lines: the first row is line 1
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            long claimed = group.RowCount;
            // A corrupt footer can claim billions of rows in a tiny file; Gate allocates per row, so
            // such a claim is refused before any allocation (real data stays far below this bound).
            long plausible = (source.Length * 64) + (1 << 20);
            if (claimed < 0 || claimed > plausible || claimed > MaxRowsPerGroup)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                    $"row group {g} claims {claimed:N0} rows, more than a file of {source.Length:N0} bytes can hold (at most {Math.Min(plausible, MaxRowsPerGroup):N0})"), 0);
            }

            int rows = (int)claimed;
            var columns = new Array[fields.Length];
            for (int c = 0; c < fields.Length; c++)
            {
                columns[c] = await ReadColumn(group, fields[c], rows, cancellationToken).ConfigureAwait(false);
            }

            for (int r = 0; r < rows; r++)
            {
                row.SetLength(0);
                json.Reset(row);
                json.WriteStartObject();
                for (int c = 0; c < fields.Length; c++)
                {
                    json.WritePropertyName(fields[c].Name);
                    WriteValue(json, columns[c].GetValue(r));
                }

                json.WriteEndObject();
                json.Flush();
                row.WriteByte((byte)'\n');
                byte[] bytes = row.GetBuffer();
                int count = (int)row.Length;
                jsonl.Scan(bytes.AsSpan(0, count), final: true, state);
            }
        }

        return state.Extractor.Flush();
    }

    private static async Task<Array> ReadColumn(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return values;
        }

        return field.ClrType switch
        {
            Type t when t == typeof(int) => await Read<int>(group, field, rows, cancellationToken).ConfigureAwait(false),
            Type t when t == typeof(long) => await Read<long>(group, field, rows, cancellationToken).ConfigureAwait(false),
            Type t when t == typeof(double) => await Read<double>(group, field, rows, cancellationToken).ConfigureAwait(false),
            Type t when t == typeof(float) => await Read<float>(group, field, rows, cancellationToken).ConfigureAwait(false),
            Type t when t == typeof(bool) => await Read<bool>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"column '{field.Name}' has type {field.ClrType.Name}, which Gate does not read yet"),
        };
    }

    private static async Task<Array> Read<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        return values;
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d: json.WriteStringValue(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case float f: json.WriteStringValue(f.ToString("R", CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
