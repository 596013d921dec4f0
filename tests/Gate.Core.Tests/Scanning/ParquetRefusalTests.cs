using Gate.Core.Diagnostics;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// What the reference readers (Apache Arrow's C++ and Rust Parquet readers) refuse, Gate refuses:
/// GATE111 at the file, naming the column and the row group. And no cut or damaged copy of a real
/// writer's file ever reads as a dataset of other rows.
/// </summary>
public sealed class ParquetRefusalTests
{
    private static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "Gate.Core.Tests", "Scanning", "Fixtures", "parquet-writers");

    /// <summary>
    /// DuckDB writes a DELTA_BINARY_PACKED INT32 column whose neighbours differ by more than 32 bits
    /// (or whose first unsigned value is above 2^31) with 64-bit deltas. DuckDB reads its own file;
    /// both Arrow readers refuse it ("min_delta too large", "first value too large"), and so does Gate.
    /// </summary>
    [Theory]
    [InlineData("duckdb-v2-int32-wide-deltas.parquet", "i32")]
    [InlineData("duckdb-v2-uint32-high-first-value.parquet", "u32")]
    public void A_file_the_reference_readers_refuse_is_GATE111_naming_column_and_row_group(string name, string column)
    {
        string path = Path.Combine(Folder, "refused", name);

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);

        Assert.Equal("GATE111", error.Code);
        Assert.Equal(SourceLocation.WholeFile(path), error.Location);
        Assert.Contains($"row group 1: column '{column}' cannot be read", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A 32-bit column whose footer declares a 64-bit integer type: the reference readers refuse the
    /// schema (the type cannot annotate INT32), where a lenient reader would read garbage.
    /// </summary>
    [Fact]
    public void A_32_bit_column_declared_as_a_64_bit_integer_is_GATE111()
    {
        using var files = new ScanTestFiles();
        byte[] file = File.ReadAllBytes(Path.Combine(Folder, "arrow-rs-v1-plain.parquet"));
        string path = files.WriteBytes("declared-64.parquet", DeclareInt64(file));

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);

        Assert.Equal("GATE111", error.Code);
        Assert.True(error.Message.Contains("Int(bitWidth=64", StringComparison.Ordinal), error.Message);
    }

    /// <summary>
    /// Footers crafted so that a hand-written reading of them would part from the reference reader's
    /// (Fixtures/parquet-crafted/README.md says what each does): each is refused, and the one whose
    /// only oddity is harmless still reads.
    /// </summary>
    [Theory]
    [InlineData("map-nul.parquet", "a column name holds a NUL character")]
    [InlineData("nohead-nul.parquet", "does not start with PAR1")]
    [InlineData("ovl-map.parquet", "share bytes")]
    [InlineData("ovl-merge.parquet", "row group 2")]
    [InlineData("ovl-816.parquet", "gives no place or size for its data")]
    [InlineData("map1-optkey.parquet", "whose keys are not required")]
    [InlineData("dict-536m.parquet", "decodes to more than 2,048 MiB in the reader")]
    [InlineData("wide-page-type.parquet", "writes a 32-bit number in more than 32 bits")]
    [InlineData("wide-page-size.parquet", "writes a 32-bit number in more than 32 bits")]
    [InlineData("parquet-mr-1.2.8.parquet", "parquet-mr before 1.2.9")]
    public void A_crafted_footer_is_GATE111(string name, string words)
    {
        string path = Path.Combine(SourceTree.Root, "tests", "Gate.Core.Tests", "Scanning", "Fixtures", "parquet-crafted", name);

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);

        Assert.Equal("GATE111", error.Code);
        Assert.True(error.Message.Contains(words, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void A_footer_with_a_map_of_booleans_and_nothing_else_odd_reads() =>
        Assert.Equal(2, ScanTestFiles.Scan(Path.Combine(SourceTree.Root, "tests", "Gate.Core.Tests", "Scanning", "Fixtures", "parquet-crafted", "map-plain.parquet")).Features!.Records);

    /// <summary>A file cut anywhere lacks its footer: GATE111, never the rows before the cut.</summary>
    [Theory]
    [MemberData(nameof(ParquetWritersTests.Files), MemberType = typeof(ParquetWritersTests))]
    public void A_truncated_file_is_GATE111(string name)
    {
        byte[] whole = File.ReadAllBytes(Path.Combine(Folder, name));
        using var files = new ScanTestFiles();
        foreach (int length in CutPoints(whole.Length))
        {
            string path = files.WriteBytes($"cut-{length}.parquet", whole[..length]);
            InputError error = Assert.Single(Assert.Throws<GateInputException>(() => ScanTestFiles.Scan(path)).Errors);
            Assert.Equal("GATE111", error.Code);
        }
    }

    /// <summary>
    /// Every byte of the footer changed in turn (a sample of them in large footers): the reader
    /// refuses the file, or reads all of its rows. A damaged footer never makes rows vanish or appear.
    /// </summary>
    [Theory]
    [MemberData(nameof(ParquetWritersTests.Files), MemberType = typeof(ParquetWritersTests))]
    public void A_damaged_footer_is_GATE111_or_reads_every_row(string name)
    {
        byte[] whole = File.ReadAllBytes(Path.Combine(Folder, name));
        long records = ScanTestFiles.Scan(Path.Combine(Folder, name)).Features!.Records;
        int footerLength = BitConverter.ToInt32(whole, whole.Length - 8);
        int footerStart = whole.Length - 8 - footerLength;
        int step = Math.Max(1, footerLength / 48);
        using var files = new ScanTestFiles();
        for (int at = footerStart; at < whole.Length; at += step)
        {
            byte[] damaged = (byte[])whole.Clone();
            damaged[at] ^= 0xFF;
            string path = files.WriteBytes($"damaged-{at}.parquet", damaged);
            try
            {
                long read = ScanTestFiles.Scan(path).Features!.Records;
                Assert.True(read == records, $"byte {at} of {whole.Length} changed: {read} rows read, not {records}");
            }
            catch (GateInputException ex)
            {
                Assert.Equal("GATE111", Assert.Single(ex.Errors).Code);
            }
        }
    }

    private static IEnumerable<int> CutPoints(int length)
    {
        for (int i = 1; i < 16; i++)
        {
            yield return length * i / 16;
        }

        for (int back = 1; back <= 12; back++)
        {
            yield return length - back;
        }
    }

    /// <summary>
    /// Changes the footer's first 32-bit integer type annotation to a 64-bit one (Thrift compact
    /// IntType: field 1, a byte bitWidth 32; field 2, isSigned) and nothing else.
    /// </summary>
    private static byte[] DeclareInt64(byte[] file)
    {
        int footerLength = BitConverter.ToInt32(file, file.Length - 8);
        int footerStart = file.Length - 8 - footerLength;
        for (int i = footerStart; i + 2 < file.Length - 8; i++)
        {
            if (file[i] == 0x13 && file[i + 1] == 0x20 && file[i + 2] is 0x11 or 0x12)
            {
                byte[] patched = (byte[])file.Clone();
                patched[i + 1] = 0x40;
                return patched;
            }
        }

        throw new InvalidOperationException("no 32-bit integer annotation in the footer");
    }
}
