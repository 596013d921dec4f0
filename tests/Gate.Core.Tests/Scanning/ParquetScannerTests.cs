using Gate.Core.Scanning;
using Parquet;
using Parquet.Schema;

namespace Gate.Core.Tests.Scanning;

/// <summary>Parquet rows as canonical JSON: every column type, nested ones included, and fingerprints that stay put.</summary>
public sealed class ParquetScannerTests
{
    /// <summary>
    /// A flat file of the types Gate always read. The record-set digest was computed by the scanner
    /// before it read nested columns: locked fingerprints of such files must not change.
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
        Assert.Equal("477e832b4c20e380ed98c7a2d231c586", f.RecordSetDigest);
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
}
