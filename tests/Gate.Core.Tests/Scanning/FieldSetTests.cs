using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// A dataset's field names are capped at 256: the 256 smallest, whatever order they arrive in, so
/// one thread, many threads, chunks and shards keep the same set and the same fingerprint.
/// </summary>
public sealed class FieldSetTests
{
    /// <summary>200 fields first, a long stretch of one field, then 120 new fields in reverse order.</summary>
    private static string Records()
    {
        var text = new System.Text.StringBuilder();
        text.Append('{').AppendJoin(',', Enumerable.Range(0, 200).Select(i => $"\"a{i:000}\":1")).Append("}\n");
        for (int i = 0; i < 30_000; i++)
        {
            text.Append("{\"k\":").Append(i).Append("}\n");
        }

        for (int i = 119; i >= 0; i--)
        {
            text.Append("{\"z").Append(i.ToString("000", System.Globalization.CultureInfo.InvariantCulture)).Append("\":1}\n");
        }

        return text.ToString();
    }

    [Fact]
    public void More_than_256_fields_keep_the_smallest_names_however_the_file_is_cut()
    {
        using var files = new ScanTestFiles();
        string path = files.Write("wide.jsonl", Records());

        ContentFeatures one = ScanTestFiles.Scan(path, threads: 1).Features!;
        ContentFeatures chunked = ScanTestFiles.Scan(path, threads: 4, block: 4096, chunk: 64 << 10).Features!;

        Assert.Equal(ContentFeatures.MaxFields, one.Fields.Count);
        Assert.Equal(one.Fields, chunked.Fields);
        Assert.Equal(one.Digest(), chunked.Digest());
        string[] all = [.. Enumerable.Range(0, 200).Select(i => $"a{i:000}").Append("k").Concat(Enumerable.Range(0, 120).Select(i => $"z{i:000}")).Order(StringComparer.Ordinal)];
        Assert.Equal(all.Take(ContentFeatures.MaxFields), one.Fields);
    }

    [Fact]
    public void Merging_in_any_order_keeps_the_same_fields()
    {
        var a = new ContentFeatures();
        var b = new ContentFeatures();
        foreach (int i in Enumerable.Range(0, 300))
        {
            (i % 2 == 0 ? a : b).AddField($"f{(i * 7919) % 300:000}");
        }

        var ab = new ContentFeatures().MergeFrom(a).MergeFrom(b);
        var ba = new ContentFeatures().MergeFrom(b).MergeFrom(a);

        Assert.Equal(ab.Fields, ba.Fields);
        Assert.Equal(ab.Digest(), ba.Digest());
    }
}
