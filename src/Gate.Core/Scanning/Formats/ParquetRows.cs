using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ParquetSharp;
using ParquetSharp.IO;
using ParquetSharp.Schema;

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
    public static void Read(Stream source, Action<IReadOnlyList<string>> columns, RowSink row, CancellationToken cancellationToken) =>
        Read(source, columns, row, new ParquetReadLimits(cancellationToken));

    /// <inheritdoc cref="Read(Stream, Action{IReadOnlyList{string}}, RowSink, CancellationToken)"/>
    public static void Read(Stream source, Action<IReadOnlyList<string>> columns, RowSink row, ParquetReadLimits limits)
    {
        FooterFacts? footer = ParquetFooter.Check(source);
        using var file = new ManagedRandomAccessFile(source, leaveOpen: true);
        using var reader = new ParquetFileReader(file);
        using FileMetaData metadata = reader.FileMetaData;
        SchemaDescriptor schema = metadata.Schema;
        using GroupNode root = schema.GroupNode;
        if (footer is null)
        {
            throw new CorruptDataException("the Parquet file's footer could not be checked", 0);
        }

        footer.Confirm(metadata.NumRowGroups, schema.NumColumns, root);
        int leafCount = 0;
        var shapes = new ParquetShape[root.FieldCount];
        var names = new string[root.FieldCount];
        for (int i = 0; i < shapes.Length; i++)
        {
            using Node node = root.Field(i);
            names[i] = node.Name;
            shapes[i] = ParquetShape.Of(node, 0, 0, ref leafCount);
        }

        ParquetShape.CheckNames(names, path: null);
        LeafShape[] leaves = [.. shapes.SelectMany(s => s.Leaves)];
        if (leafCount != schema.NumColumns || leaves.Length != leafCount)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"the schema describes {leafCount} leaf columns but the file has {schema.NumColumns}"), 0);
        }

        foreach (LeafShape leaf in leaves)
        {
            ColumnDescriptor descriptor = schema.Column(leaf.Index);
            if (descriptor.MaxDefinitionLevel != leaf.Defined || descriptor.MaxRepetitionLevel != leaf.Repetition)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                    $"column '{leaf.Path}' has definition level {descriptor.MaxDefinitionLevel} and repetition level {descriptor.MaxRepetitionLevel}, not the {leaf.Defined} and {leaf.Repetition} of its place in the schema"), 0);
            }
        }

        columns(names);

        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer); // one writer, reset for each row
        long before = 0;
        for (int g = 0; g < metadata.NumRowGroups; g++)
        {
            limits.Step();
            limits.StartRowGroup();
            using RowGroupReader group = reader.RowGroup(g);
            RowGroupMetaData groupMetadata = group.MetaData;
            int rows = Bounded(groupMetadata.NumRows, $"row group {g + 1} claims", "rows");
            try
            {
                foreach (LeafShape leaf in leaves)
                {
                    using ColumnChunkMetaData chunk = groupMetadata.GetColumnChunkMetaData(leaf.Index);
                    long entries = Bounded(chunk.NumValues, $"column '{leaf.Path}' in row group {g + 1} claims", "values");
                    if (entries < rows)
                    {
                        throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"column '{leaf.Path}' in row group {g + 1} claims {entries:N0} values for {rows:N0} rows"), 0);
                    }

                    using ColumnReader column = group.Column(leaf.Index);
                    leaf.Column = ReadColumn(column, leaf, limits);
                }

                WriteRows(shapes, names, leaves, rows, before, buffer, json, row, limits);
            }
            catch (CorruptDataException ex) when (!ex.Message.StartsWith("row group ", StringComparison.Ordinal))
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"row group {g + 1}: {ex.Message}"), 0);
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

    /// <summary>Decodes one column chunk; what the decoder refuses names the column.</summary>
    private static ParquetColumn ReadColumn(ColumnReader column, LeafShape leaf, ParquetReadLimits limits)
    {
        try
        {
            return ParquetColumn.Read(column, leaf, limits);
        }
        catch (ParquetException ex)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"column '{leaf.Path}' cannot be read ({FirstLine(ex.Message)})"), 0);
        }
    }

    /// <summary>
    /// The reader's own words: the native reader's exceptions arrive as
    /// <c>N7parquet16ParquetExceptionE (message: '…')</c>, perhaps with more lines after.
    /// </summary>
    internal static string FirstLine(string message)
    {
        const string Opening = "(message: '";
        int start = message.IndexOf(Opening, StringComparison.Ordinal);
        if (start >= 0)
        {
            int end = message.LastIndexOf("')", StringComparison.Ordinal);
            message = end > start ? message[(start + Opening.Length)..end] : message[(start + Opening.Length)..];
        }

        int line = message.IndexOfAny(['\r', '\n']);
        return (line < 0 ? message : message[..line]).Trim();
    }

    /// <summary>
    /// Rows and values one row group may claim: a count the reader would size buffers by. (A small
    /// file can legitimately hold millions of rows: run-length encoding and dictionaries make a
    /// constant column almost free, so the bound is absolute, and memory is bounded as values decode.)
    /// </summary>
    private static int Bounded(long claimed, string what, string unit)
    {
        if (claimed < 0 || claimed > MaxRowsPerGroup)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"{what} {claimed:N0} {unit}, more than the {MaxRowsPerGroup:N0} Gate reads in one row group"), 0);
        }

        return (int)claimed;
    }

    private static void WriteRows(ParquetShape[] shapes, string[] names, LeafShape[] leaves, int rows, long before, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, RowSink row, ParquetReadLimits limits)
    {
        for (int r = 0; r < rows; r++)
        {
            limits.Step(); // every row: one row can be megabytes of text to featurise

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
