using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;
using Parquet;
using Parquet.File.Values.Primitives;
using Parquet.Schema;
using Parquet.Serialization;

namespace Gate.Core.Tests.Scanning;

/// <summary>Parquet rows as canonical JSON: every column type, nested ones included, and fingerprints that stay put.</summary>
public sealed class ParquetScannerTests
{
    /// <summary>
    /// A flat file of the types Gate always read. The record-set digest was computed by the scanner
    /// before it read nested columns: locked fingerprints of such files must not change. (Its columns
    /// are optional, as pyarrow writes them; see the next test for required ones.)
    /// </summary>
    [Fact]
    public async Task A_flat_file_keeps_the_fingerprint_it_always_had()
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "flat.parquet");
        await WriteFlat(path);

        ContentFeatures f = ScanTestFiles.Scan(path).Features!;

        Assert.Equal(3, f.Records);
        Assert.Equal(["b", "d", "f", "i", "l", "s"], f.Fields);
        Assert.Equal("5a3a939d020afeb43b10fbb0de01ef9e", f.RecordSetDigest); // fingerprint version 6: records hashed as JSON readers read them, numbers by value
        Assert.Equal(ScanTestFiles.Scan(files.Write("flat.jsonl", FlatRows)).Features!.RecordSetDigest, f.RecordSetDigest);
    }

    /// <summary>The rows of <see cref="WriteFlat"/> as the scanner has always written them.</summary>
    private const string FlatRows = """
        {"s":"Continue: 182, 818","i":1,"l":9223372036854775807,"d":"0.1","f":"1.5","b":true}
        {"s":"caf\u00E9 \u0022quoted\u0022 \u003Ctag\u003E \u4E2D","i":null,"l":0,"d":null,"f":"-3.4028235E\u002B38","b":false}
        {"s":null,"i":-7,"l":-1,"d":"NaN","f":"1E-45","b":null}

        """;

    private static async Task WriteFlat(string path)
    {
        var s = new DataField<string>("s");
        var i = new DataField<int?>("i");
        var l = new DataField<long?>("l");
        var d = new DataField<double?>("d");
        var f = new DataField<float?>("f");
        var b = new DataField<bool?>("b");
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(s, i, l, d, f, b), stream);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAsync(s, new[] { "Continue: 182, 818", "caf\u00e9 \"quoted\" <tag> \u4e2d", null! });
        await group.WriteAsync(i, new ReadOnlyMemory<int?>([1, null, -7]));
        await group.WriteAsync(l, new ReadOnlyMemory<long?>([long.MaxValue, 0, -1]));
        await group.WriteAsync(d, new ReadOnlyMemory<double?>([0.1, null, double.NaN]));
        await group.WriteAsync(f, new ReadOnlyMemory<float?>([1.5f, float.MinValue, 1e-45f]));
        await group.WriteAsync(b, new ReadOnlyMemory<bool?>([true, false, null]));
    }

    /// <summary>
    /// Parquet.Net 6.1.0's nullable read of a required column returns shifted values and false nulls
    /// after a nullable column with nulls was read; the scanner once read that way ({"always":null}).
    /// </summary>
    [Fact]
    public async Task A_required_column_after_a_nullable_one_keeps_its_own_values()
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "required.parquet");
        var maybe = new DataField<int?>("maybe");
        var always = new DataField<long>("always");
        await using (FileStream stream = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(maybe, always), stream))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(maybe, new ReadOnlyMemory<int?>([1, null, 3]));
            await group.WriteAsync(always, new ReadOnlyMemory<long>([10, 20, 30]));
        }

        Assert.Equal(["{\"maybe\":1,\"always\":10}", "{\"maybe\":null,\"always\":20}", "{\"maybe\":3,\"always\":30}"], await CanonicalRows(path));
    }

    [Fact]
    public async Task Nested_columns_are_nested_json()
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "chat.parquet");
        await ParquetSerializer.SerializeAsync(ChatRows, path);

        Assert.Equal(ChatJson.Split('\n', StringSplitOptions.RemoveEmptyEntries), await CanonicalRows(path));
    }

    /// <summary>
    /// The rows of <see cref="ChatRows"/>: lists (null is not empty), structs, a map with string keys
    /// as an object in file order, one with int keys as key/value objects.
    /// </summary>
    private const string ChatJson = """
        {"Id":1,"Messages":[{"Role":"user","Content":"Continue: 182, 818"},{"Role":"assistant","Content":"087, 747"}],"Tags":["a","b"],"Scores":[1,2],"Meta":{"Turns":2,"Source":"gen"},"Labels":{"lang":"en","style":null},"Votes":[{"key":7,"value":"up"}]}
        {"Id":2,"Messages":null,"Tags":[],"Scores":null,"Meta":null,"Labels":null,"Votes":null}
        {"Id":3,"Messages":[],"Tags":null,"Scores":[],"Meta":{"Turns":null,"Source":null},"Labels":{},"Votes":[]}
        {"Id":4,"Messages":[{"Role":"system","Content":null},{"Role":null,"Content":""}],"Tags":[null],"Scores":[0],"Meta":{"Turns":null,"Source":null},"Labels":{"k":""},"Votes":[{"key":-1,"value":null},{"key":2,"value":"down"}]}

        """;

    [Fact]
    public async Task Every_leaf_type_has_one_written_form()
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "types.parquet");
        await WriteLeafTypes(path);

        List<string> rows = await CanonicalRows(path);

        Assert.Equal(
            """{"ms":"2024-01-02T03:04:05.123Z","us":"2024-01-02T03:04:05.123456Z","ns":"2024-01-02T03:04:05.123456700Z","local":"2024-01-02T03:04:05.123456","legacy_ms":"2024-01-02T03:04:05.123Z","int96":"2024-01-02T03:04:05.123456700","date":"2024-01-02","time_ms":"03:04:05.678Z","time_us":"03:04:05.678901Z","time_ns":"03:04:05.678901234Z","dec9":"12.30","dec18":"-0.5000","dec38":"1.000000000000000001","i8":-128,"u8":255,"i16":-300,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"uuid":"00112233-4455-6677-8899-aabbccddeeff","interval":"P1M2DT3.004S","bytes":"AAEC+g=="}""",
            rows[0]);
        Assert.Equal(
            """{"ms":null,"us":null,"ns":null,"local":null,"legacy_ms":null,"int96":null,"date":null,"time_ms":null,"time_us":null,"time_ns":null,"dec9":null,"dec18":null,"dec38":null,"i8":null,"u8":null,"i16":null,"u16":null,"u32":null,"u64":null,"uuid":null,"interval":null,"bytes":null}""",
            rows[1]);
        Assert.Equal(
            """{"ms":"1970-01-01T00:00:00.000Z","us":"1969-12-31T23:59:59.000000Z","ns":"1970-01-01T00:00:00.000000000Z","local":"1970-01-01T00:00:00.000000","legacy_ms":"1970-01-01T00:00:00.000Z","int96":"1970-01-01T00:00:00.000000000","date":"1900-01-01","time_ms":"00:00:00.000Z","time_us":"23:59:59.999999Z","time_ns":"00:00:00.000000001Z","dec9":"-0.05","dec18":"99999999999999.9999","dec38":"0.000000000000000000","i8":127,"u8":0,"i16":32767,"u16":1,"u32":0,"u64":0,"uuid":"00000000-0000-0000-0000-000000000000","interval":"P0M0DT0.000S","bytes":""}""",
            rows[2]);
    }

    /// <summary>
    /// A file from arrow-rs (Fixtures/arrow-rs.mjs): its own list, map and struct layouts and
    /// logical types. A nanosecond timestamp keeps its nine digits; one before 1970 is floored, as
    /// the instant it names (-1 ns is 23:59:59.999999999 the day before).
    /// </summary>
    [Fact]
    public async Task A_file_from_another_writer_reads_as_the_same_json()
    {
        List<string> rows = await CanonicalRows(Path.Combine(SourceTree.Root, "tests", "Gate.Core.Tests", "Scanning", "Fixtures", "arrow-rs.parquet"));

        Assert.Equal(
            [
                """{"messages":[{"role":"user","content":"Continue: 182, 818"},{"role":"assistant","content":"087, 747"}],"nums":[1,2],"nested":[[1],[],null],"meta":{"turns":2,"source":"gen"},"labels":{"lang":1,"a":2},"votes":[{"key":7,"value":"up"}],"created":"2024-01-02T03:04:05.123Z","local":"2024-01-02T03:04:05.123000","precise":"2024-01-02T03:04:05.123456789Z","day":"2024-01-02","clock":"03:04:05.678","clock_us":"03:04:05.678901","price":"12.30","blob":"AQID","fixed":"AAECAw==","small":-5,"u16":65000,"u64":18446744073709551615,"text":"caf\u00E9 \u003Cb\u003E"}""",
                """{"messages":null,"nums":null,"nested":null,"meta":null,"labels":null,"votes":[],"created":null,"local":null,"precise":null,"day":null,"clock":null,"clock_us":null,"price":null,"blob":null,"fixed":null,"small":null,"u16":0,"u64":null,"text":null}""",
                """{"messages":[],"nums":[],"nested":[],"meta":{"turns":null,"source":null},"labels":{},"votes":null,"created":"1969-12-31T23:59:59.999Z","local":"1970-01-01T00:00:00.000000","precise":"1969-12-31T23:59:59.999999999Z","day":"1900-01-01","clock":"00:00:00.000","clock_us":"00:00:00.000000","price":"-0.05","blob":"","fixed":"//79/A==","small":127,"u16":null,"u64":0,"text":""}""",
                """{"messages":[{"role":"system","content":null},null],"nums":[null,3],"nested":[[2,3]],"meta":{"turns":0,"source":""},"labels":{"k":null},"votes":[{"key":-1,"value":null},{"key":2,"value":"down"}],"created":"1970-01-01T00:00:00.000Z","local":"1970-01-01T00:00:00.001000","precise":"1970-01-01T00:00:00.000000001Z","day":"1970-01-01","clock":"23:59:59.999","clock_us":"00:00:00.000001","price":"0.00","blob":"/w==","fixed":"AAAAAA==","small":-128,"u16":1,"u64":1,"text":"\u4E2D"}""",
            ],
            rows);
    }

    [Fact]
    public async Task A_legacy_repeated_column_is_a_list_that_is_never_null()
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "legacy.parquet");
        var numbers = new DataField("numbers", typeof(int), isNullable: false, isArray: true);
        await using (FileStream stream = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(numbers), stream))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(numbers, new ReadOnlyMemory<int>([1, 2, 3]), new ReadOnlyMemory<int>([0, 1, 0]));
        }

        Assert.Equal(["{\"numbers\":[1,2]}", "{\"numbers\":[3]}"], await CanonicalRows(path));
    }

    /// <summary>The end-to-end promise: a Parquet row is fingerprinted exactly as its canonical JSON in a JSON Lines file.</summary>
    [Fact]
    public async Task A_chat_file_fingerprints_like_its_rows_in_json_lines()
    {
        using var files = new ScanTestFiles();
        string parquet = Path.Combine(files.Root, "chat.parquet");
        await ParquetSerializer.SerializeAsync(ChatRows, parquet);
        string jsonl = files.Write("chat.jsonl", ChatJson);

        ContentFeatures fromParquet = ScanTestFiles.Scan(parquet).Features!;
        ContentFeatures fromJsonl = ScanTestFiles.Scan(jsonl).Features!;

        Assert.Equal(4, fromParquet.Records);
        Assert.Equal(fromJsonl.RecordSetDigest, fromParquet.RecordSetDigest);
        Assert.Equal(fromJsonl.Tokens, fromParquet.Tokens);
        Assert.Equal(fromJsonl.Bigrams, fromParquet.Bigrams);
        Assert.Equal(["Content", "Id", "Labels", "Messages", "Meta", "Role", "Scores", "Source", "Tags", "Turns", "Votes", "k", "key", "lang", "style", "value"], fromParquet.Fields);
        Assert.Equal(fromJsonl.Digest(), fromParquet.Digest()); // every feature: numbers, MinHash, fields too

        // A generator field is a top-level column: nested fields of the same name are no generator, and
        // a row without one counts as naming none, as in JSON Lines; rows count like lines.
        ContentFeatures parquetGenerators = ScanTestFiles.Scan(parquet, generator: "Role").Features!;
        ContentFeatures jsonlGenerators = ScanTestFiles.Scan(jsonl, generator: "Role").Features!;
        Assert.Empty(parquetGenerators.Generators);
        Assert.Equal(new GeneratorGap(4, "no 'Role' key at the top level", parquet, 1), parquetGenerators.GeneratorMissing);
        Assert.Equal(jsonlGenerators.GeneratorMissing! with { FirstFile = parquet }, parquetGenerators.GeneratorMissing);
        Assert.Equal(1, fromParquet.Numeric[110 + 87]);
    }

    [Theory]
    [InlineData("disagree", "row 1: the columns of 'messages' disagree on where its elements start")]
    // Levels above the column's maximum: the decoder refuses them before any row is assembled.
    [InlineData("too-deep", "row group 1: column 'messages.list.element.role' cannot be read (Malformed levels. min: 4 max: 5 out of range.  Max Level: 4)")]
    [InlineData("over-repeated", "row group 1: column 'messages.list.element.role' cannot be read (Malformed levels. min: 0 max: 2 out of range.  Max Level: 1)")]
    [InlineData("empty-then-more", "row 2: column 'messages.list.element.role' does not start a row")]
    [InlineData("null-inside", "row 1: column 'messages.list.element.role' has definition level 0 where 2 belongs")]
    public async Task Inconsistent_nesting_is_GATE111_at_the_file(string name, string words)
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, name + ".parquet");
        await CorruptCases.Single(c => c.Name == name).Write(path);

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);

        Assert.Equal("GATE111", error.Code);
        Assert.True(error.Message.Contains(words, StringComparison.Ordinal), error.Message);
        Assert.Equal(SourceLocation.WholeFile(path), error.Location);
    }

    [Theory]
    [InlineData(1L << 40, "claims 1,099,511,627,776 values")]
    [InlineData(50L, "claims 50 values for 100 rows")]
    public async Task An_absurd_value_count_in_the_footer_is_GATE111_before_anything_is_read(long claim, string words)
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "claims.parquet");
        // 100 rows of three messages: 300 entries per column, a count found nowhere else in the footer.
        await ParquetSerializer.SerializeAsync(
            Enumerable.Range(0, 100).Select(i => new Chat { Id = i, Messages = [new() { Role = "a" }, new() { Role = "b" }, new() { Role = "c" }] }), path);
        File.WriteAllBytes(path, ClaimValues(File.ReadAllBytes(path), 300, claim));

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);

        Assert.Equal("GATE111", error.Code);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nesting_deeper_than_Gate_reads_is_GATE111()
    {
        using var files = new ScanTestFiles();
        string path = Path.Combine(files.Root, "deep.parquet");
        var leaf = new DataField<int>("x");
        Field field = leaf;
        for (int i = 0; i < ParquetShape.MaxDepth + 1; i++)
        {
            field = new StructField("s" + i, field);
        }

        await using (FileStream stream = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAllPartsAsync(leaf, new ReadOnlyMemory<int>([1]), new ReadOnlyMemory<int>([leaf.MaxDefinitionLevel]), null, CancellationToken.None);
        }

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);

        Assert.Equal("GATE111", error.Code);
        Assert.Contains("nested more than 64 levels", error.Message, StringComparison.Ordinal);
    }

    private static readonly (string Name, Func<string, Task> Write)[] CorruptCases =
    [
        // Role says the first row has two messages, content that the second has.
        ("disagree", p => WriteMessages(p, [0, 1, 0], [0, 0, 1], [4, 4, 4], [4, 4, 4])),
        // A definition level above the column's maximum (4).
        ("too-deep", p => WriteMessages(p, [0, 1, 0], [0, 1, 0], [4, 5, 4], [4, 4, 4])),
        // A repetition level the column's one list cannot have.
        ("over-repeated", p => WriteMessages(p, [0, 2, 0], [0, 2, 0], [4, 4, 4], [4, 4, 4])),
        // An empty list followed by another of its elements.
        ("empty-then-more", p => WriteMessages(p, [0, 1, 0], [0, 1, 0], [1, 4, 4], [1, 4, 4])),
        // A null list as the second element of a list.
        ("null-inside", p => WriteMessages(p, [0, 1, 0], [0, 1, 0], [4, 0, 4], [4, 0, 4])),
    ];

    /// <summary>Two rows of <c>messages: list&lt;struct&lt;role, content&gt;&gt;</c> written level by level, as a corrupt writer might.</summary>
    private static async Task WriteMessages(string path, int[] roleRepetitions, int[] contentRepetitions, int[] roleDefinitions, int[] contentDefinitions)
    {
        var role = new DataField<string>("role");
        var content = new DataField<string>("content");
        var schema = new ParquetSchema(new ListField("messages", new StructField("element", role, content)));
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAllPartsAsync(role, Values(roleDefinitions), roleDefinitions, roleRepetitions, CancellationToken.None);
        await group.WriteAllPartsAsync(content, Values(contentDefinitions), contentDefinitions, contentRepetitions, CancellationToken.None);

        static ReadOnlyMemory<ReadOnlyMemory<char>> Values(int[] definitions) =>
            definitions.Where(d => d >= 4).Select((_, i) => ("m" + i).AsMemory()).ToArray();
    }

    private static readonly Chat[] ChatRows =
    [
        new() { Id = 1, Messages = [new() { Role = "user", Content = "Continue: 182, 818" }, new() { Role = "assistant", Content = "087, 747" }], Tags = ["a", "b"], Scores = [1, 2], Meta = new() { Turns = 2, Source = "gen" }, Labels = new() { ["lang"] = "en", ["style"] = null }, Votes = new() { [7] = "up" } },
        new() { Id = 2, Messages = null, Tags = [], Scores = null, Meta = null, Labels = null, Votes = null },
        new() { Id = 3, Messages = [], Tags = null, Scores = [], Meta = new() { Turns = null, Source = null }, Labels = [], Votes = [] },
        new() { Id = 4, Messages = [new() { Role = "system", Content = null }, new() { Role = null, Content = "" }], Tags = [null], Scores = [0], Meta = new(), Labels = new() { ["k"] = "" }, Votes = new() { [-1] = null, [2] = "down" } },
    ];

    private static async Task WriteLeafTypes(string path)
    {
        var fields = new List<(DataField Field, Func<ParquetRowGroupWriter, Task> Write)>();
        // Every column: a value, a null, another value.
        void Add<T>(DataField field, T first, T third)
            where T : struct => fields.Add((field, g => g.WriteAsync(field, new ReadOnlyMemory<T?>([first, null, third]))));

        var stamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_567);
        Add(new DateTimeDataField("ms", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true), stamp, DateTime.UnixEpoch);
        Add(new DateTimeDataField("us", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true), stamp, new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc));
        Add(new DateTimeDataField("ns", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Nanos, isNullable: true), stamp, DateTime.UnixEpoch);
        Add(new DateTimeDataField("local", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: true), stamp, DateTime.UnixEpoch);
        Add(new DateTimeDataField("legacy_ms", DateTimeFormat.DateAndTime, isNullable: true), stamp, DateTime.UnixEpoch);
        Add(new DateTimeDataField("int96", DateTimeFormat.Impala, isNullable: true), stamp, DateTime.UnixEpoch);
        Add(new DateTimeDataField("date", DateTimeFormat.Date, isNullable: true), stamp, new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Add(new TimeDataField("time_ms", TimeUnitPrecision.Millis, isNullable: true), 11_045_678, 0);
        Add(new TimeDataField("time_us", TimeUnitPrecision.Micros, isNullable: true), 11_045_678_901L, 86_399_999_999L);
        Add(new TimeDataField("time_ns", TimeUnitPrecision.Nanos, isNullable: true), 11_045_678_901_234L, 1L);
        Add(new DecimalDataField("dec9", 9, 2, isNullable: true), 12.3m, -0.05m);
        Add(new DecimalDataField("dec18", 18, 4, isNullable: true), -0.5m, 99999999999999.9999m);
        Add(new DecimalDataField("dec38", 38, 18, isNullable: true), 1.000000000000000001m, 0m);
        Add(new DataField<sbyte?>("i8"), (sbyte)-128, (sbyte)127);
        Add(new DataField<byte?>("u8"), (byte)255, (byte)0);
        Add(new DataField<short?>("i16"), (short)-300, short.MaxValue);
        Add(new DataField<ushort?>("u16"), ushort.MaxValue, (ushort)1);
        Add(new DataField<uint?>("u32"), uint.MaxValue, 0u);
        Add(new DataField<ulong?>("u64"), ulong.MaxValue, 0ul);
        Add(new DataField<Guid?>("uuid"), Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), Guid.Empty);
        Add(new DataField<Interval?>("interval"), new Interval(1, 2, 3004), new Interval(0, 0, 0));
        var bytes = new DataField<byte[]>("bytes");
        fields.Add((bytes, g => g.WriteAsync(bytes, new byte[][] { [0, 1, 2, 250], null!, [] })));

        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.Select(f => (Field)f.Field)), stream);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        foreach ((_, Func<ParquetRowGroupWriter, Task> write) in fields)
        {
            await write(group);
        }
    }

    /// <summary>
    /// Rewrites the footer's value count of every column chunk that holds <paramref name="from"/>
    /// values (Thrift compact: field 5 of ColumnMetaData, an i64 after field 4, header byte 0x16) and
    /// the footer's length.
    /// </summary>
    private static byte[] ClaimValues(byte[] file, long from, long to)
    {
        int footerLength = BitConverter.ToInt32(file, file.Length - 8);
        int footerStart = file.Length - 8 - footerLength;
        byte[] search = [0x16, .. Varint(from)];
        var footer = new List<byte>(file[footerStart..(file.Length - 8)]);
        int patched = 0;
        for (int i = 0; i + search.Length <= footer.Count; i++)
        {
            if (footer.Skip(i).Take(search.Length).SequenceEqual(search))
            {
                footer.RemoveRange(i + 1, search.Length - 1);
                footer.InsertRange(i + 1, Varint(to));
                patched++;
            }
        }

        Assert.True(patched > 0, "the value count was not found in the footer");
        return [.. file[..footerStart], .. footer, .. BitConverter.GetBytes(footer.Count), .. "PAR1"u8];

        static byte[] Varint(long value)
        {
            var bytes = new List<byte>();
            ulong zigzag = (ulong)((value << 1) ^ (value >> 63));
            do
            {
                bytes.Add((byte)((zigzag & 0x7F) | (zigzag > 0x7F ? 0x80UL : 0)));
                zigzag >>= 7;
            }
            while (zigzag != 0);
            return [.. bytes];
        }
    }

    internal static Task<List<string>> CanonicalRows(string path)
    {
        var rows = new List<string>();
        using FileStream stream = File.OpenRead(path);
        ParquetRows.Read(stream, _ => { }, row => rows.Add(Encoding.UTF8.GetString(row)), CancellationToken.None);
        return Task.FromResult(rows);
    }

    public sealed class Chat
    {
        public int Id { get; set; }

        public List<Message>? Messages { get; set; }

        public List<string?>? Tags { get; set; }

        public int[]? Scores { get; set; }

        public Meta? Meta { get; set; }

        public Dictionary<string, string?>? Labels { get; set; }

        public Dictionary<int, string?>? Votes { get; set; }
    }

    public sealed class Message
    {
        public string? Role { get; set; }

        public string? Content { get; set; }
    }

    public sealed class Meta
    {
        public int? Turns { get; set; }

        public string? Source { get; set; }
    }
}
