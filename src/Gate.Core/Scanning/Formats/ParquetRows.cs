using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace Gate.Core.Scanning;

/// <summary>
/// The rows of a Parquet file as canonical JSON objects of their columns (schema order), one row
/// group in memory at a time: what the scanner hashes and tokenises. docs/scanner.md lists the
/// written form of every type.
/// </summary>
internal static class ParquetRows
{
    /// <summary>Rows per row group, and entries per column of one, that Gate reads at once (Parquet writers default to about a million rows).</summary>
    private const long MaxRowsPerGroup = 64L << 20;

    public delegate void RowSink(ReadOnlySpan<byte> json);

    /// <summary>
    /// Hands every row, in file order, to <paramref name="row"/>; the names of the top-level columns
    /// (the keys of every row) go to <paramref name="columns"/> first.
    /// </summary>
    public static async Task ReadAsync(Stream source, Action<IReadOnlyList<string>> columns, RowSink row, CancellationToken cancellationToken)
    {
        // Decimals of any precision as unscaled integer and scale, so that every one is written exactly.
        var options = new ParquetOptions { UseBigDecimal = true };
        await using ParquetReader reader = await ParquetReader.CreateAsync(source, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Field> top = reader.Schema.Fields;
        ParquetShape[] shapes = [.. top.Select(f => ParquetShape.Of(f, 0, 0))];
        string[] names = [.. top.Select(f => f.Name)];
        LeafShape[] leaves = [.. shapes.SelectMany(s => s.Leaves)];
        columns(names);

        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer); // one writer, reset for each row
        long before = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int rows = Plausible(group.RowCount, source.Length, $"row group {g} claims", "rows");
            try
            {
                foreach (LeafShape leaf in leaves)
                {
                    ColumnChunk chunk = group.GetMetadata(leaf.Field) ?? throw new CorruptDataException($"row group {g} has no data for column '{leaf.Path}'", 0);
                    long entries = chunk.MetaData?.NumValues ?? -1;
                    Plausible(entries, source.Length, $"column '{leaf.Path}' in row group {g} claims", "values");
                    if (entries < rows)
                    {
                        throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"column '{leaf.Path}' in row group {g} claims {entries:N0} values for {rows:N0} rows"), 0);
                    }

                    leaf.Column = await ParquetColumn.ReadAsync(group, leaf.Field, cancellationToken).ConfigureAwait(false);
                }

                WriteRows(shapes, names, leaves, rows, before, buffer, json, row);
            }
            finally
            {
                foreach (LeafShape leaf in leaves)
                {
                    leaf.Column?.Dispose();
                    leaf.Column = null!;
                }
            }

            before += rows;
        }
    }

    /// <summary>
    /// A corrupt footer can claim billions of rows or values in a tiny file; Gate allocates per
    /// entry, so such a claim is refused before any allocation (real data stays far below this bound).
    /// </summary>
    private static int Plausible(long claimed, long fileLength, string what, string unit)
    {
        long plausible = (fileLength * 64) + (1 << 20);
        if (claimed < 0 || claimed > plausible || claimed > MaxRowsPerGroup)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"{what} {claimed:N0} {unit}, more than a file of {fileLength:N0} bytes can hold (at most {Math.Min(plausible, MaxRowsPerGroup):N0})"), 0);
        }

        return (int)claimed;
    }

    private static void WriteRows(ParquetShape[] shapes, string[] names, LeafShape[] leaves, int rows, long before, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, RowSink row)
    {
        for (int r = 0; r < rows; r++)
        {
            try
            {
                foreach (LeafShape leaf in leaves)
                {
                    if (!leaf.Column.StartsRow)
                    {
                        throw new CorruptDataException($"column '{leaf.Path}' does not start a row where the row group's next row starts", 0);
                    }
                }

                buffer.ResetWrittenCount();
                json.Reset(buffer);
                json.WriteStartObject();
                for (int c = 0; c < shapes.Length; c++)
                {
                    json.WritePropertyName(names[c]);
                    shapes[c].Write(json);
                }

                json.WriteEndObject();
                json.Flush();
            }
            catch (CorruptDataException ex)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"row {before + r + 1:N0}: {ex.Message}"), 0);
            }

            row(buffer.WrittenSpan);
        }

        foreach (LeafShape leaf in leaves)
        {
            leaf.Column.Finish();
        }
    }
}
