using System.Runtime.InteropServices;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// Schemas and values that writers rarely make but a pull request can: legacy list and map forms,
/// names given twice, INT96 and decimal edges, files that decode to far more than they weigh. Each
/// file is written here with ParquetSharp's low-level writer (any schema, raw levels); each
/// expectation is what Apache Arrow's reader (the reference, as pyarrow uses it) reads or refuses.
/// </summary>
public sealed class ParquetSchemaFormsTests : IDisposable
{
    private static readonly Repetition Required = Repetition.Required, Optional = Repetition.Optional, Repeated = Repetition.Repeated;

    private readonly ScanTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>DuckDB renames a second column of one name, Arrow keeps both, a JSON object keeps the last: data could hide there.</summary>
    [Fact]
    public void A_column_name_given_twice_is_GATE111()
    {
        string path = Write("dup.parquet", Schema(Text("text", Required), Text("text", Required)), g =>
        {
            Strings(g, null, null, "SECRET-A", "SECRET-B");
            Strings(g, null, null, "x", "y");
        });

        Assert.Contains("name 'text' twice", Refused(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_struct_field_name_given_twice_is_GATE111()
    {
        string path = Write("dup-struct.parquet", Schema(Group("s", Required, null, Int("x", Required), Int("x", Required))), g =>
        {
            Ints(g, null, null, 111);
            Ints(g, null, null, 2);
        });

        Assert.Contains("the fields of 's' name 'x' twice", Refused(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_key_given_twice_in_one_map_is_GATE111()
    {
        string path = Write("dup-key.parquet", Schema(Map("m", Text("key", Required), Text("value", Optional))), g =>
        {
            Strings(g, [2, 2], [0, 1], "k", "k");
            Strings(g, [3, 3], [0, 1], "SECRET", "benign");
        });

        Assert.Contains("a key given twice", Refused(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_is_not_UTF8_is_refused() =>
        Assert.Contains("not UTF-8", Assert.Throws<CorruptDataException>(() => ParquetShape.CheckNames(["t\uFFFD"], null)).Message, StringComparison.Ordinal);

    /// <summary>The legacy list forms, each as Arrow's reader shapes it (its schema in the comment).</summary>
    [Theory]
    [InlineData("array", """{"y":[{"e":1},{"e":2}]}""")]          // list<array: struct<e>>: a repeated group named array is the element
    [InlineData("y_tuple", """{"y":[{"e":1},{"e":2}]}""")]        // list<y_tuple: struct<e>>: named after its list with _tuple
    [InlineData("x_tuple", """{"y":[1,2]}""")]                    // list<e>: another name ending in _tuple only wraps the element
    public void A_repeated_group_of_one_field_is_the_element_or_wraps_it_as_Arrow_decides(string name, string row)
    {
        string path = Write("list.parquet", Schema(List("y", Group(name, Repeated, null, Int("e", Optional)))), g => Ints(g, [3, 3], [0, 1], 1, 2));

        Assert.Equal([row], Rows(path));
    }

    [Fact]
    public void A_repeated_group_whose_one_field_repeats_is_a_struct_element()
    {
        // list<list: struct<x: list<x>>>
        string path = Write("only-repeated.parquet", Schema(List("y", Group("list", Repeated, null, Int("x", Repeated)))), g => Ints(g, [3, 3, 3, 1], [0, 2, 1, 0], 1, 2, 3));

        Assert.Equal(["""{"y":[{"x":[1,2]},{"x":[3]}]}""", """{"y":[]}"""], Rows(path));
    }

    [Fact]
    public void A_repeated_group_that_is_itself_a_LIST_is_a_list_element()
    {
        // list<array: list<array>>
        string path = Write("list-of-list.parquet", Schema(List("y", Group("array", Repeated, LogicalType.List(), Int("array", Repeated)))), g => Ints(g, [3, 3, 3], [0, 2, 1], 1, 2, 3));

        Assert.Equal(["""{"y":[[1,2],[3]]}"""], Rows(path));
    }

    [Fact]
    public void A_map_of_keys_only_is_a_list_of_its_keys()
    {
        string path = Write("keys.parquet", Schema(Map("m", Text("key", Required), null)), g => Strings(g, [2, 2], [0, 1], "a", "b"));

        Assert.Equal(["""{"m":["a","b"]}"""], Rows(path));
    }

    /// <summary>A map of keys only is read by the LIST rules: a repeated group named array is a struct element.</summary>
    [Fact]
    public void A_map_of_keys_only_in_a_group_named_array_is_a_list_of_structs()
    {
        var map = new GroupNode("m", Optional, [new GroupNode("array", Repeated, [Text("key", Required)])], LogicalType.Map());
        string path = Write("keys-array.parquet", Schema(map), g => Strings(g, [2, 2], [0, 1], "a", "b"));

        Assert.Equal(["""{"m":[{"key":"a"},{"key":"b"}]}"""], Rows(path));
    }

    /// <summary>A repeated LIST-annotated group of two fields is a struct element, as the reference reader (and DuckDB and arrow-rs) read it.</summary>
    [Fact]
    public void A_repeated_LIST_group_of_two_fields_is_a_struct_element()
    {
        string path = Write("list-two.parquet", Schema(List("y", Group("list", Repeated, LogicalType.List(), Int("a", Optional), Int("b", Optional)))), g =>
        {
            Ints(g, [3, 2], [0, 1], 1);
            Ints(g, [2, 3], [0, 1], 9);
        });

        Assert.Equal(["""{"y":[{"a":1,"b":null},{"a":null,"b":9}]}"""], Rows(path));
    }

    [Fact]
    public void A_map_with_JSON_keys_is_an_object_as_with_string_keys()
    {
        var key = new PrimitiveNode("key", Required, LogicalType.Json(), PhysicalType.ByteArray);
        string path = Write("json-keys.parquet", Schema(Map("m", key, Int("value", Optional))), g =>
        {
            Strings(g, [2], [0], "{}");
            Ints(g, [3], [0], 1);
        });

        Assert.Equal(["""{"m":{"{}":1}}"""], Rows(path));
    }

    [Theory]
    [InlineData("optional-key", "whose keys are not required")]
    [InlineData("list-in-list", "a LIST around something other than a repeated value")]
    [InlineData("decimal-bytes", "holds a decimal of 20 bytes (1 to 16 can be read at its precision)")]
    public void What_Arrow_refuses_is_GATE111(string name, string words)
    {
        string path = name switch
        {
            "optional-key" => Write("k.parquet", Schema(Map("m", Int("key", Optional), Int("value", Optional))), g =>
            {
                Ints(g, [3, 2], [0, 1], 7);
                Ints(g, [3, 3], [0, 1], 1, 2);
            }),
            // A LIST whose repeated group is a LIST around a field that does not repeat.
            "list-in-list" => Write("l.parquet", Schema(List("y", Group("list", Repeated, LogicalType.List(), Int("item", Optional)))), g => Ints(g, [3, 3], [0, 1], 1, 2)),
            _ => Write("d.parquet", Schema(new PrimitiveNode("d", Required, LogicalType.Decimal(10, 3), PhysicalType.ByteArray)), g => Binary(g, new byte[20])),
        };

        Assert.Contains(words, Refused(path), StringComparison.Ordinal);
    }

    /// <summary>INT96's day is unsigned and the arithmetic wraps in 64 bits, as in Arrow's reader.</summary>
    [Fact]
    public void INT96_reads_with_the_reference_readers_arithmetic()
    {
        string path = Write("int96.parquet", Schema(new PrimitiveNode("t", Required, LogicalType.None(), PhysicalType.Int96)), g =>
        {
            using var column = (ColumnWriter<Int96>)g.NextColumn();
            column.WriteBatch([new Int96(0, 0, 2_440_588), new Int96(1, 0, unchecked((int)0x80000000)), new Int96(0, 0, -1)]);
        });

        // Arrow: 0, -2717324559865085951 and 2517882869464760320 nanoseconds.
        Assert.Equal(
            ["""{"t":"1970-01-01T00:00:00.000000000"}""", """{"t":"1883-11-22T11:37:20.134914049"}""", """{"t":"2049-10-15T03:54:29.464760320"}"""],
            Rows(path));
    }

    /// <summary>
    /// Run-length encoding makes a constant column almost free: a file of a few kilobytes can hold
    /// millions of rows, and is read (the former bound by file size refused it). Memory is bounded
    /// as values decode instead.
    /// </summary>
    [Fact]
    public void A_tiny_file_of_many_constant_rows_is_read_and_a_decoding_bomb_is_refused()
    {
        const int Count = 1_500_000;
        string path = Write("constant.parquet", Schema(Int("one", Required)), g => Ints(g, null, null, [.. Enumerable.Repeat(1, Count)]), dictionary: true);
        Assert.True(new FileInfo(path).Length < 64 << 10, $"{new FileInfo(path).Length} bytes");

        Assert.Equal(Count, ScanTestFiles.Scan(path).Features!.Records);

        using FileStream stream = File.OpenRead(path);
        var limits = new ParquetReadLimits(CancellationToken.None, maxRowGroupBytes: 1 << 20);
        var error = Assert.Throws<CorruptDataException>(() => ParquetRows.Read(stream, _ => { }, _ => { }, limits));
        Assert.Contains("past 1 MiB of decoded values", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The time budget is for a read that stops moving: a read several budgets long that moves is
    /// never cut. (The budget is a second, far above any pause between two rows on a loaded machine;
    /// the file takes three to four seconds on a 2-core CI machine.)
    /// </summary>
    [Fact]
    public void A_read_longer_than_the_time_budget_that_keeps_moving_completes()
    {
        const int Count = 3_000_000;
        string path = Write("long.parquet", Schema(Int("n", Required), Text("s", Required)), g =>
        {
            Ints(g, null, null, [.. Enumerable.Range(0, Count)]);
            Strings(g, null, null, [.. Enumerable.Range(0, Count).Select(i => $"row {i % 977}")]);
        });
        var budget = TimeSpan.FromSeconds(1);

        DatasetFingerprint fingerprint = DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = 1, ParquetTimeBudget = budget });

        Assert.Equal(Count, fingerprint.Features!.Records);
    }

    [Fact]
    public void A_compressed_file_that_is_no_Parquet_or_a_decompression_bomb_is_refused_before_it_fills_the_disk()
    {
        using var compressor = new ZstdSharp.Compressor(19);
        string notParquet = _files.WriteBytes("zeros.parquet.zst", compressor.Wrap(new byte[8 << 20]).ToArray());
        byte[] bomb = new byte[80 << 20];
        "PAR1"u8.CopyTo(bomb);
        string bombPath = _files.WriteBytes("bomb.parquet.zst", compressor.Wrap(bomb).ToArray());

        Assert.Contains("no PAR1 at its start", Refused(notParquet), StringComparison.Ordinal);
        Assert.Contains("times its size", Refused(bombPath), StringComparison.Ordinal);
    }

    /// <summary>
    /// ParquetSharp hands names over as C strings: <c>text\0evil</c> would arrive as <c>text</c>, while
    /// pyarrow reads the whole name. The footer's own bytes are checked.
    /// </summary>
    [Fact]
    public void A_column_name_with_a_NUL_byte_is_GATE111()
    {
        string path = Write("nul.parquet", Schema(Text("generatorXhidden", Required)), g => Strings(g, null, null, "ok/teacher"));
        byte[] bytes = File.ReadAllBytes(path);
        int at = IndexOf(bytes, "generatorXhidden"u8.ToArray(), FooterStart(bytes));
        bytes[at + "generator".Length] = 0;
        File.WriteAllBytes(path, bytes);

        Assert.Contains("a column name holds a NUL character", Refused(path), StringComparison.Ordinal);
    }

    /// <summary>
    /// Row groups whose column chunks point at the same bytes: a few kilobytes could claim billions
    /// of rows and read for hours (the reference reader accepts it). Chunks may not share bytes.
    /// </summary>
    [Fact]
    public void Row_groups_that_share_a_column_chunk_are_GATE111()
    {
        string path = Write("shared.parquet", Schema(Int("n", Required)), g => Ints(g, null, null, 1, 2, 3), groups: 2, statistics: false);
        long size;
        using (var reader = new ParquetFileReader(path))
        using (RowGroupReader group = reader.RowGroup(0))
        using (ColumnChunkMetaData chunk = group.MetaData.GetColumnChunkMetaData(0))
        {
            size = chunk.TotalCompressedSize;
        }

        // ColumnMetaData's data_page_offset (field 9, after field 7: header 0x26) as one zigzag byte:
        // the first chunk starts at 4 (after PAR1), the second right after it; point the second at the first.
        Assert.True(4 + size < 64, $"a chunk of {size} bytes: the offset no longer fits one byte");
        byte[] bytes = File.ReadAllBytes(path);
        int at = IndexOf(bytes, [0x26, (byte)((4 + size) * 2)], FooterStart(bytes));
        bytes[at + 1] = 4 * 2;
        File.WriteAllBytes(path, bytes);

        string message = Refused(path);
        Assert.True(message.Contains("column chunks of row groups 1 and 2 share bytes", StringComparison.Ordinal), message);
    }

    private static int FooterStart(byte[] file) => file.Length - 8 - BitConverter.ToInt32(file, file.Length - 8);

    private static int IndexOf(byte[] bytes, byte[] pattern, int from)
    {
        int at = bytes.AsSpan(from).IndexOf(pattern);
        Assert.True(at >= 0, "pattern not found in the footer");
        return from + at;
    }

    private static string Refused(string path)
    {
        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);
        Assert.Equal("GATE111", error.Code);
        return error.Message;
    }

    private static List<string> Rows(string path) => ParquetScannerTests.CanonicalRows(path).GetAwaiter().GetResult();

    private string Write(string name, GroupNode schema, Action<RowGroupWriter> columns, bool dictionary = false, int groups = 1, bool statistics = true)
    {
        string path = Path.Combine(_files.Root, name);
        using WriterPropertiesBuilder builder = new WriterPropertiesBuilder().Compression(Compression.Snappy);
        if (!statistics)
        {
            builder.DisableStatistics().DisableWritePageIndex();
        }

        using WriterProperties properties = (dictionary ? builder.EnableDictionary() : builder.DisableDictionary()).Build();
        using (var writer = new ParquetFileWriter(path, schema, properties))
        {
            for (int g = 0; g < groups; g++)
            {
                using RowGroupWriter group = writer.AppendRowGroup();
                columns(group);
            }

            writer.Close();
        }

        return path;
    }

    private static GroupNode Schema(params Node[] fields) => new("schema", Required, fields);

    private static PrimitiveNode Int(string name, Repetition repetition) => new(name, repetition, LogicalType.None(), PhysicalType.Int32);

    private static PrimitiveNode Text(string name, Repetition repetition) => new(name, repetition, LogicalType.String(), PhysicalType.ByteArray);

    private static GroupNode Group(string name, Repetition repetition, LogicalType? logical, params Node[] fields) => new(name, repetition, fields, logical);

    /// <summary>An optional LIST-annotated group around one repeated field.</summary>
    private static GroupNode List(string name, Node repeated) => new(name, Optional, [repeated], LogicalType.List());

    /// <summary>An optional MAP around its repeated key_value group (a key, and a value unless null).</summary>
    private static GroupNode Map(string name, Node key, Node? value) =>
        new(name, Optional, [new GroupNode("key_value", Repeated, value is null ? [key] : [key, value])], LogicalType.Map());

    private static void Ints(RowGroupWriter group, short[]? definitions, short[]? repetitions, params int[] values)
    {
        using var column = (ColumnWriter<int>)group.NextColumn();
        column.WriteBatch(definitions?.Length ?? values.Length, definitions, repetitions, values);
    }

    private static void Strings(RowGroupWriter group, short[]? definitions, short[]? repetitions, params string[] values) =>
        Bytes(group, definitions, repetitions, [.. values.Select(System.Text.Encoding.UTF8.GetBytes)]);

    private static void Binary(RowGroupWriter group, params byte[][] values) => Bytes(group, null, null, values);

    private static void Bytes(RowGroupWriter group, short[]? definitions, short[]? repetitions, byte[][] values)
    {
        using var column = (ColumnWriter<ByteArray>)group.NextColumn();
        GCHandle[] pins = [.. values.Select(v => GCHandle.Alloc(v, GCHandleType.Pinned))];
        try
        {
            ByteArray[] arrays = [.. values.Select((v, i) => new ByteArray(pins[i].AddrOfPinnedObject(), v.Length))];
            column.WriteBatch(definitions?.Length ?? values.Length, definitions, repetitions, arrays);
        }
        finally
        {
            foreach (GCHandle pin in pins)
            {
                pin.Free();
            }
        }
    }
}
