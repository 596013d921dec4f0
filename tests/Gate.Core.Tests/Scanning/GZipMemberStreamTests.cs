using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// The gzip reader: what .NET's GZipStream reads, it reads the same; what GZipStream passes in
/// silence (a file cut short anywhere, bytes after the data), it refuses.
/// </summary>
public sealed class GZipMemberStreamTests
{
    private static byte[] Text(int bytes, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < bytes)
        {
            text.Append("{\"n\":").Append(random.Next(1000)).Append(",\"w\":\"").Append((char)('a' + random.Next(26)), random.Next(1, 9)).Append("\"}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, bytes));
    }

    private static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, level))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>A member written by hand: the header with the fields <paramref name="flags"/> names, the raw deflate data, the trailer.</summary>
    private static byte[] Member(byte[] data, byte flags = 0, byte[]? extra = null, string? name = null, string? comment = null, bool badHeaderCrc = false)
    {
        var member = new List<byte> { 0x1F, 0x8B, 8, flags, 1, 2, 3, 4, 0, 3 };
        if ((flags & 0x04) != 0)
        {
            extra ??= [];
            member.Add((byte)extra.Length);
            member.Add((byte)(extra.Length >> 8));
            member.AddRange(extra);
        }

        foreach ((byte flag, string? text) in new[] { ((byte)0x08, name), ((byte)0x10, comment) })
        {
            if ((flags & flag) != 0)
            {
                member.AddRange(Encoding.Latin1.GetBytes(text ?? ""));
                member.Add(0);
            }
        }

        if ((flags & 0x02) != 0)
        {
            uint crc = Crc32.HashToUInt32([.. member]);
            member.Add((byte)(badHeaderCrc ? ~crc : crc));
            member.Add((byte)(crc >> 8));
        }

        using (var deflated = new MemoryStream())
        {
            using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest))
            {
                deflate.Write(data);
            }

            member.AddRange(deflated.ToArray());
        }

        byte[] trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.HashToUInt32(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), (uint)data.Length);
        member.AddRange(trailer);
        return [.. member];
    }

    private static byte[] Inflate(byte[] file, int readBytes = 64 << 10)
    {
        using var reader = new GZipMemberStream(new MemoryStream(file));
        using var output = new MemoryStream();
        byte[] buffer = new byte[readBytes];
        int read;
        while ((read = reader.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static byte[] InflateWithDotNet(byte[] file)
    {
        using var reader = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var output = new MemoryStream();
        reader.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40_000)]
    [InlineData(3_000_000)]
    public void Reads_what_GZipStream_reads(int bytes)
    {
        Assert.True(GZipMemberStream.IsSupported); // the runtime's zlib loads: the scanner uses this reader, not its GZipStream fallback
        byte[] data = Text(bytes, bytes);
        foreach (CompressionLevel level in new[] { CompressionLevel.Fastest, CompressionLevel.SmallestSize, CompressionLevel.NoCompression })
        {
            byte[] file = Gzip(data, level);
            Assert.Equal(data, Inflate(file));
            Assert.Equal(InflateWithDotNet(file), Inflate(file, readBytes: 1 + (bytes % 7)));
        }
    }

    [Fact]
    public void Incompressible_data_reads_back()
    {
        byte[] data = new byte[1 << 20];
        new Random(5).NextBytes(data);

        Assert.Equal(data, Inflate(Gzip(data)));
    }

    [Fact]
    public void An_empty_file_is_empty_data()
    {
        Assert.Empty(Inflate([]));
    }

    [Fact]
    public void Concatenated_members_read_as_one_stream_with_zero_padding_after()
    {
        byte[] a = Text(50_000, 1), b = Text(1, 2), c = Text(70_000, 3);
        byte[] file = [.. Gzip(a), .. Gzip([]), .. Gzip(b), .. Member(c, flags: 0x1E, extra: [1, 2, 3], name: "c.jsonl", comment: "written by hand"), .. new byte[1000]];

        Assert.Equal([.. a, .. b, .. c], Inflate(file));
        Assert.Equal(InflateWithDotNet(file), Inflate(file));
    }

    [Fact]
    public void Thousands_of_small_members_as_bgzip_writes_them_read_back()
    {
        byte[] data = Text(2_000_000, 9);
        var file = new List<byte>();
        for (int at = 0; at < data.Length; at += 700)
        {
            file.AddRange(Member(data[at..Math.Min(data.Length, at + 700)], flags: 0x04, extra: [(byte)'B', (byte)'C', 2, 0, 0, 0]));
        }

        Assert.Equal(data, Inflate([.. file]));
    }

    [Fact]
    public void Every_cut_of_a_file_is_an_error_except_at_a_member_boundary()
    {
        byte[] first = Text(9_000, 4), second = Text(5_000, 5);
        byte[] one = Gzip(first), two = Member(second, flags: 0x0A, name: "two");
        byte[] file = [.. one, .. two];
        int silent = 0;
        for (int cut = 1; cut < file.Length; cut++)
        {
            if (cut == one.Length)
            {
                Assert.Equal(first, Inflate(file[..cut])); // a whole member: gzip cannot tell this from a one-member file
                continue;
            }

            Exception? error = Record.Exception(() => Inflate(file[..cut]));
            Assert.True(error is EndOfStreamException or InvalidDataException, $"cut at {cut} of {file.Length}: {error?.GetType().Name ?? "no error"}");
            silent += error is null ? 1 : 0;
        }

        Assert.Equal(0, silent);
    }

    [Fact]
    public void A_cut_in_the_data_or_trailer_says_truncated()
    {
        byte[] file = Gzip(Text(30_000, 6));
        foreach (int cut in new[] { 12, file.Length / 2, file.Length - 8, file.Length - 5, file.Length - 1 })
        {
            Assert.Contains("truncated", Assert.Throws<EndOfStreamException>(() => Inflate(file[..cut])).Message);
        }
    }

    [Fact]
    public void A_damaged_trailer_is_invalid_data()
    {
        byte[] file = Gzip(Text(30_000, 7));
        file[^8] ^= 1; // the CRC-32

        Assert.Contains("incorrect data check", Assert.Throws<InvalidDataException>(() => Inflate(file)).Message);

        file[^8] ^= 1;
        file[^2] ^= 1; // the length
        Assert.Contains("incorrect length check", Assert.Throws<InvalidDataException>(() => Inflate(file)).Message);
    }

    /// <summary>
    /// Files an independent review built against a first version of this reader, which looked for
    /// the trailer's value near where the inflater stopped instead of exactly where its data ended.
    /// </summary>
    [Fact]
    public void The_trailer_is_read_exactly_where_the_deflate_data_ends()
    {
        byte[] hello = Member("hello"u8.ToArray());
        byte[] empty = Convert.FromHexString("1f8b08000000000002030300" + "0000000000000000"); // Python's gzip.compress(b"", mtime=0)

        // Junk between the data and a correct trailer.
        Assert.Throws<InvalidDataException>(() => Inflate([.. hello[..^8], .. "JUNK"u8, .. hello[^8..]]));

        // An empty member cut by one byte: its data (03 00) and seven zeros looked like its trailer of eight zeros.
        Assert.Throws<EndOfStreamException>(() => Inflate(empty[..^1]));
        Assert.Throws<EndOfStreamException>(() => Inflate([.. hello, .. empty[..^1]]));

        // A member whose trailer is damaged, followed by members holding the value it expected: none may be skipped.
        byte[] a = Member("a"u8.ToArray()), damaged = [.. a];
        damaged[^8] ^= 0xFF;
        Assert.Throws<InvalidDataException>(() => Inflate([.. damaged, .. Member("b"u8.ToArray()), .. a]));

        // Deflate data that never finishes, followed by zeros (zlib-ng: invalid stored block lengths; Python's zlib: ends early).
        Assert.True(Record.Exception(() => Inflate(Convert.FromHexString("1f8b08000000000000ff8d000000000000000000"))) is EndOfStreamException or InvalidDataException);

        // A trailer that would overlap the deflate data's last byte.
        Assert.True(Record.Exception(() => Inflate(Convert.FromHexString("1f8b080000000000020363601805a360480900985aa996b3020000"))) is EndOfStreamException or InvalidDataException);

        // Valid (gzip -t and Python agree): stored data that holds its own CRC-32 and length before its end.
        byte[] ownTrailer = Convert.FromHexString(
            "1f8b08000000000004030184007bff" + string.Concat(Enumerable.Repeat("78", 100)) + "d8d53dcd3412ed5e84000000"
            + string.Concat(Enumerable.Repeat("79", 20)) + "3412ed5e84000000");
        Assert.Equal(132, Inflate(ownTrailer).Length);
    }

    [Fact]
    public void Bytes_after_the_data_that_are_not_gzip_are_invalid_data()
    {
        byte[] file = [.. Gzip(Text(3_000, 8)), .. new byte[5], .. "garbage"u8];

        Assert.Contains("not gzip data", Assert.Throws<InvalidDataException>(() => Inflate(file)).Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 3, 4, 0, 0, 0, 0, 0, 0 }, "gzip signature")]
    [InlineData(new byte[] { 0x1F, 0x8B, 7, 0, 0, 0, 0, 0, 0, 3, 0, 0 }, "unknown compression method")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0x20, 0, 0, 0, 0, 0, 3, 0, 0 }, "unknown header flags set")]
    public void A_bad_header_is_invalid_data(byte[] file, string words)
    {
        Assert.Contains(words, Assert.Throws<InvalidDataException>(() => Inflate(file)).Message);
    }

    [Fact]
    public void The_header_checksum_is_checked()
    {
        byte[] data = Text(2_000, 10);

        Assert.Equal(data, Inflate(Member(data, flags: 0x02)));
        Assert.Contains("header crc mismatch", Assert.Throws<InvalidDataException>(() => Inflate(Member(data, flags: 0x02, badHeaderCrc: true))).Message);
    }

    [Fact]
    public void Random_member_layouts_read_as_GZipStream_reads_them()
    {
        var random = new Random(20261127);
        for (int trial = 0; trial < 60; trial++)
        {
            var file = new List<byte>();
            var data = new List<byte>();
            for (int member = random.Next(1, 6); member > 0; member--)
            {
                byte[] part = Text(random.Next(0, 40_000), random.Next());
                byte flags = (byte)(random.Next(32) & 0x1E);
                file.AddRange(Member(part, flags, extra: [.. Enumerable.Repeat((byte)7, random.Next(0, 300))], name: new string('n', random.Next(0, 200)), comment: "c"));
                data.AddRange(part);
            }

            byte[] bytes = [.. file];
            Assert.Equal([.. data], Inflate(bytes, readBytes: random.Next(1, 100_000)));
            Assert.Equal(InflateWithDotNet(bytes), Inflate(bytes));
        }
    }
}
