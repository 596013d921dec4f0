using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// After a scan, a workspace keeps of each dataset only what the lock and the rules read: releasing
/// the dense counts changes none of those values, and reading a released count fails loudly
/// instead of answering with zeros.
/// </summary>
public sealed class ReleasedSketchesTests
{
    [Fact]
    public void Releasing_keeps_the_digest_the_top_numbers_and_the_signature()
    {
        using var files = new ScanTestFiles();
        string path = files.Write("a.jsonl", string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"text\":\"row {i} of {i % 7} and 087\"}}\n")));
        ContentFeatures kept = ScanTestFiles.Scan(path).Features!;
        ContentFeatures released = ScanTestFiles.Scan(path).Features!;

        released.ReleaseSketches(10);

        Assert.True(released.SketchesReleased);
        Assert.False(kept.SketchesReleased);
        Assert.Equal(kept.Digest(), released.Digest());
        Assert.Equal(kept.TopNumeric(10), released.TopNumeric(10));
        Assert.Equal(kept.TopNumeric(3), released.TopNumeric(3));
        Assert.Equal(kept.MinHashCanonical, released.MinHashCanonical);
        Assert.Equal(kept.RecordSetDigest, released.RecordSetDigest);
        Assert.Equal(kept.Fields, released.Fields);
    }

    [Fact]
    public void Reading_a_released_count_throws()
    {
        using var files = new ScanTestFiles();
        ContentFeatures released = ScanTestFiles.Scan(files.Write("a.jsonl", "{\"a\":\"b 1\"}\n")).Features!;
        released.ReleaseSketches(10);

        Assert.Throws<InvalidOperationException>(() => released.Tokens);
        Assert.Throws<InvalidOperationException>(() => released.Bigrams);
        Assert.Throws<InvalidOperationException>(() => released.Numeric);
        Assert.Throws<InvalidOperationException>(() => released.MinHash);
        Assert.Throws<InvalidOperationException>(() => released.TopNumeric(11));
        Assert.Throws<InvalidOperationException>(() => new ContentFeatures().MergeFrom(released));
    }
}
