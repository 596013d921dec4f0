using System.IO.Compression;
using System.Text.Json.Nodes;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// Parquet files from writers other than the one Gate reads with: DuckDB and arrow-rs, the same
/// logical table of every type written with every codec, both data page versions, dictionary on
/// and off, the other value encodings, and one and many row groups (Fixtures/parquet-writers,
/// generate.mjs). Each row must read as the canonical JSON the generator made from the values it
/// gave the writer, and every variant of a table has one record-set digest.
/// </summary>
public sealed class ParquetWritersTests
{
    private static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "Gate.Core.Tests", "Scanning", "Fixtures", "parquet-writers");

    public static TheoryData<string> Files()
    {
        var files = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Folder, "*.parquet").Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetFileName(path));
        }

        return files;
    }

    [Fact]
    public void Every_writer_and_variant_is_there()
    {
        string[] names = [.. Directory.GetFiles(Folder, "*.parquet").Select(Path.GetFileName)!];
        Assert.Equal(22, names.Count(n => n.StartsWith("arrow-rs-", StringComparison.Ordinal)));
        Assert.Equal(14, names.Count(n => n.StartsWith("duckdb-v", StringComparison.Ordinal)));
        Assert.Equal(2, names.Count(n => n.StartsWith("duckdb-long-", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_row_reads_as_the_writer_was_given_it(string name)
    {
        string[] expected = Expected(name);

        List<string> rows = await ParquetScannerTests.CanonicalRows(Path.Combine(Folder, name));

        Assert.Equal(expected.Length, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            // The same text once both are written by one serialiser: values, key order and types alike.
            string want = JsonNode.Parse(expected[i])!.ToJsonString();
            string got = JsonNode.Parse(rows[i])!.ToJsonString();
            Assert.True(want == got, $"{name}, row {i + 1}:\n  expected {want}\n  read     {got}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_variant_has_the_record_set_digest_of_its_rows_as_json_lines(string name)
    {
        using var files = new ScanTestFiles();
        string jsonl = files.Write("expected.jsonl", string.Join('\n', Expected(name)) + "\n");

        ContentFeatures parquet = ScanTestFiles.Scan(Path.Combine(Folder, name)).Features!;

        Assert.Equal(ScanTestFiles.Scan(jsonl).Features!.RecordSetDigest, parquet.RecordSetDigest);
        Assert.Equal(Expected(name).Length, parquet.Records);
    }

    /// <summary>The expected rows of the table a file holds (duckdb-long-*, duckdb-*, arrow-rs-*).</summary>
    private static string[] Expected(string name)
    {
        string table = name.StartsWith("duckdb-long-", StringComparison.Ordinal) ? "duckdb-long"
            : name.StartsWith("duckdb-", StringComparison.Ordinal) ? "duckdb" : "arrow-rs";
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder, table + ".expected.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
