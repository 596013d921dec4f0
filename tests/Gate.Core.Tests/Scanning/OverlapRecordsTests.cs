using System.Security.Cryptography;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// A record store file is used only when it is exactly the bytes whose SHA-256 the lock vouches for,
/// made under this run's ignored keys, in canonical order, and no larger than the records could need.
/// </summary>
public sealed class OverlapRecordsTests : IDisposable
{
    private static readonly string[] Keys = ["model"];
    private readonly string _folder = Directory.CreateTempSubdirectory("gate-records-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Path, string Digest) Stored(List<ulong> hashes, IReadOnlyList<string>? keys = null)
    {
        OverlapRecords.SortDistinct(hashes);
        string digest = OverlapRecords.Digest(keys ?? Keys, hashes);
        string path = RecordStore.PathOf(_folder, digest);
        using (FileStream stream = File.Create(path))
        {
            OverlapRecords.Write(stream, keys ?? Keys, hashes);
        }

        return (path, digest);
    }

    [Fact]
    public void Records_round_trip_sorted_and_distinct_and_the_file_is_its_digest()
    {
        var (path, digest) = Stored([5, 3, 5, ulong.MaxValue, 0, 3]);

        List<ulong>? read = OverlapRecords.Read(path, digest, Keys, maxRecords: 6, out string? why);

        Assert.Null(why);
        Assert.Equal([0UL, 3, 5, ulong.MaxValue], read);
        Assert.Equal(digest, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(OverlapRecords.RadixFrom - 1)]
    [InlineData(OverlapRecords.RadixFrom)]
    [InlineData(200_003)]
    public void Sorting_keeps_each_hash_once_in_order_whatever_the_sort(int count)
    {
        var random = new Random(count);
        // Repeats, values sharing their high or low digits, and the extremes.
        List<ulong> hashes = [.. Enumerable.Range(0, count).Select(i => (i % 7) switch
        {
            0 => (ulong)random.NextInt64(),
            1 => (ulong)random.Next(100),
            2 => ulong.MaxValue - (ulong)random.Next(100),
            3 => (ulong)random.Next(1000) << 53,
            _ => (ulong)random.NextInt64() + (random.Next(2) == 0 ? 0UL : 1UL << 63),
        })];
        List<ulong> expected = [.. hashes.Distinct().Order()];

        OverlapRecords.SortDistinct(hashes);

        Assert.Equal(expected, hashes);
    }

    [Fact]
    public void The_radix_sort_of_values_that_agree_on_every_digit_but_one_is_still_in_order()
    {
        ulong[] values = [.. Enumerable.Range(0, 5000).Select(i => 0xABCDEF0000000000UL | (uint)((i * 7919) % 5000))];

        OverlapRecords.RadixSort(values);

        Assert.Equal(values.Order(), values);
    }

    [Fact]
    public void The_digest_binds_the_ignored_keys_and_every_hash()
    {
        List<ulong> hashes = [1, 2, 3];
        string digest = OverlapRecords.Digest(Keys, hashes);

        Assert.NotEqual(digest, OverlapRecords.Digest(["other"], hashes));
        Assert.NotEqual(digest, OverlapRecords.Digest([], hashes));
        Assert.NotEqual(digest, OverlapRecords.Digest(Keys, [1, 2]));
        Assert.NotEqual(digest, OverlapRecords.Digest(Keys, [1, 2, 4]));
        // A key's bytes cannot run into the next: "ab" + "c" is not "a" + "bc".
        Assert.NotEqual(OverlapRecords.Digest(["ab", "c"], hashes), OverlapRecords.Digest(["a", "bc"], hashes));
    }

    [Fact]
    public void A_file_is_refused_when_tampered_cut_grown_of_other_keys_or_missing()
    {
        var (path, digest) = Stored([1, 2, 3]);
        byte[] good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, [.. good[..^1], (byte)(good[^1] ^ 1)]);
        Assert.Null(OverlapRecords.Read(path, digest, Keys, 3, out string? tampered));
        File.WriteAllBytes(path, good[..^8]);
        Assert.Null(OverlapRecords.Read(path, digest, Keys, 3, out string? cut));
        File.WriteAllBytes(path, good);
        Assert.Null(OverlapRecords.Read(path, digest, Keys, 2, out string? larger));
        Assert.Null(OverlapRecords.Read(path, digest, ["other"], 3, out string? keys));
        Assert.Null(OverlapRecords.Read(path + ".none", digest, Keys, 3, out string? missing));

        Assert.Equal("its file in the record store is not the one the lock vouches for", tampered);
        Assert.Equal("its file in the record store is not the one the lock vouches for", cut);
        Assert.Equal("its file in the record store is larger than its records", larger);
        Assert.NotNull(keys);
        Assert.Equal("it is not in the record store", missing);
        Assert.NotNull(OverlapRecords.Read(path, digest, Keys, 3, out _));
    }

    [Fact]
    public void A_file_whose_digest_matches_but_whose_hashes_are_out_of_order_or_miscounted_is_refused()
    {
        // Bytes written by hand (not canonical): the digest is theirs, as a forged lock entry would make it.
        var forged = new MemoryStream();
        OverlapRecords.Write(forged, Keys, [3, 2, 1]);
        string path = Path.Combine(_folder, "forged.records");
        File.WriteAllBytes(path, forged.ToArray());
        string digest = Convert.ToHexStringLower(SHA256.HashData(forged.ToArray()));

        Assert.Null(OverlapRecords.Read(path, digest, Keys, 3, out string? why));
        Assert.Equal("its file in the record store is not in order", why);

        byte[] miscounted = [.. forged.ToArray(), 0, 0, 0, 0, 0, 0, 0, 9];
        File.WriteAllBytes(path, miscounted);
        Assert.Null(OverlapRecords.Read(path, Convert.ToHexStringLower(SHA256.HashData(miscounted)), Keys, 9, out string? count));
        Assert.Equal("its file in the record store does not hold what its header says", count);
    }

    [Fact]
    public void A_link_in_the_store_is_not_followed()
    {
        var (path, digest) = Stored([7]);
        string link = Path.Combine(_folder, "link" + OverlapRecords.Extension);
        File.CreateSymbolicLink(link, path);

        Assert.Null(OverlapRecords.Read(link, digest, Keys, 1, out _));
    }
}
