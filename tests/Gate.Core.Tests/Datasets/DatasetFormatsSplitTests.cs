using Gate.Core.Datasets;

namespace Gate.Core.Tests.Datasets;

/// <summary>One split of a path into format and compression, for discovery and for the scanner.</summary>
public class DatasetFormatsSplitTests
{
    [Theory]
    [InlineData("a.jsonl", ".jsonl", null)]
    [InlineData("d/A.JSONL.GZ", ".jsonl", ".gz")]
    [InlineData("a.parquet.Zst", ".parquet", ".zst")]
    [InlineData("a.jsonl.gz.zst", ".gz", ".zst")]
    [InlineData("a.gz", "", ".gz")]
    [InlineData("ref/base.MD", ".md", null)]
    [InlineData("v1.2/data", "", null)]
    public void Format_and_compression(string path, string format, string? compression)
    {
        Assert.Equal((format, compression), DatasetFormats.Split(path));
    }

    [Theory]
    [InlineData("a.jsonl", "a")]
    [InlineData("v1.2.jsonl", "v1.2")]
    [InlineData("d/A.JSONL.GZ", "d/A")]
    [InlineData("a.parquet.Zst", "a")]
    [InlineData("a.jsonl.zst.gz", "a.jsonl")]
    [InlineData("a.jsonl.gz.zst", "a.jsonl")]
    [InlineData("a.gz", "a")]
    [InlineData(".jsonl", "")]
    [InlineData("v1.2/data", "v1.2/data")]
    public void Stem_takes_off_exactly_what_split_found(string path, string stem)
    {
        Assert.Equal(stem, DatasetFormats.Stem(path));
        (string format, string? compression) = DatasetFormats.Split(path);
        Assert.Equal(path.ToLowerInvariant(), (stem + format + compression).ToLowerInvariant());
    }

    /// <summary>The scanner's split was the lower-cased path's extension; discovery's was a case-insensitive suffix match.</summary>
    [Theory]
    [InlineData("a.jsonl")]
    [InlineData("a.Json.GZ")]
    [InlineData("a.\u212Asv")]
    [InlineData("a.j\u017Fon")]
    [InlineData("a.T\u0130T")]
    [InlineData("x.tar.zst")]
    public void Agrees_with_the_lower_cased_extension(string path)
    {
        string lower = path.ToLowerInvariant();
        string? compression = lower.EndsWith(".gz", StringComparison.Ordinal) || lower.EndsWith(".zst", StringComparison.Ordinal) ? Path.GetExtension(lower) : null;
        string format = Path.GetExtension(compression is null ? lower : lower[..^compression.Length]);
        Assert.Equal((format, compression), DatasetFormats.Split(path));
        Assert.Equal(DatasetFormats.Extensions.Any(e => (compression is null ? path : path[..^compression.Length]).EndsWith(e, StringComparison.OrdinalIgnoreCase)), DatasetFormats.IsDataFile(path));
    }
}
