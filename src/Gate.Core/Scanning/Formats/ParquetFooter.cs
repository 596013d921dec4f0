using System.Buffers.Binary;
using System.Globalization;

namespace Gate.Core.Scanning;

/// <summary>
/// Checks on a Parquet footer's own bytes (its Thrift compact encoding) that the reader's API cannot
/// see: a name with a NUL byte (ParquetSharp hands names over as C strings, so <c>text\0evil</c> would
/// arrive as <c>text</c> while pyarrow reads the whole name) or that is not UTF-8, and column chunks
/// whose bytes overlap (several row groups pointing at one chunk let a tiny file claim billions of
/// rows, read for hours). Only the fields it checks are read; everything else is skipped.
/// </summary>
internal static class ParquetFooter
{
    /// <summary>A footer larger than this is refused before it is read (real ones are kilobytes to a few megabytes).</summary>
    private const int MaxFooterBytes = 256 << 20;

    private const int MaxDepth = 64;

    /// <summary>The largest page header read (its statistics can hold long values); the reference reader's default limit is 16 MiB too.</summary>
    private const int MaxPageHeaderBytes = 16 << 20;

    /// <summary>Checks the footer; returns what it read, for <see cref="FooterFacts.Confirm"/> against the reader's view, or null when the reader must judge the file alone.</summary>
    public static FooterFacts? Check(Stream source)
    {
        long length = source.Length;
        Span<byte> tail = stackalloc byte[8];
        if (length < 12)
        {
            return null; // the reader says what is wrong with it
        }

        source.Seek(length - 8, SeekOrigin.Begin);
        source.ReadExactly(tail);
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8))
        {
            return null; // encrypted (PARE) or not Parquet at all: the reader refuses it in its words
        }

        Span<byte> head = stackalloc byte[4];
        source.Seek(0, SeekOrigin.Begin);
        source.ReadExactly(head);
        if (!head.SequenceEqual("PAR1"u8) || footerLength <= 0 || footerLength > length - 12)
        {
            // The reference reader reads a footer that starts inside the first bytes; Gate does not.
            throw new CorruptDataException("the file does not start with PAR1 or its footer overlaps the start: not a Parquet file as the format defines it", 0);
        }

        if (footerLength > MaxFooterBytes)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"the Parquet footer claims {footerLength:N0} bytes, more than Gate reads ({MaxFooterBytes:N0})"), 0);
        }

        byte[] footer = new byte[footerLength];
        source.Seek(length - 8 - footerLength, SeekOrigin.Begin);
        source.ReadExactly(footer);
        var facts = new FooterFacts();
        var reader = new CompactReader(footer);
        try
        {
            FileMetaData(ref reader, facts);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new CorruptDataException("the Parquet footer ends inside a value", 0);
        }

        CheckRanges(facts.Ranges, length - 8 - footerLength);
        foreach ((long start, long end, int group) in facts.Ranges)
        {
            WalkPages(source, start, end, group);
        }

        source.Seek(0, SeekOrigin.Begin);
        return facts;
    }

    /// <summary>
    /// What the reader will allocate for a column chunk, from its page headers, before it decodes
    /// anything: its dictionary (the page and an entry of up to 16 bytes per value) and its largest
    /// page. A few kilobytes of compressed dictionary can otherwise make it allocate gigabytes.
    /// </summary>
    private static void WalkPages(Stream source, long start, long end, int group)
    {
        long dictionary = 0, largest = 0;
        byte[] window = new byte[64 << 10];
        for (long at = start; at < end;)
        {
            source.Seek(at, SeekOrigin.Begin);
            int read = source.ReadAtLeast(window, (int)Math.Min(window.Length, end - at), throwOnEndOfStream: false);
            bool whole = window.Length >= MaxPageHeaderBytes || read < window.Length;
            (int headerLength, int type, long uncompressed, long compressed, long values) = PageHeader(window.AsSpan(0, read), group, last: whole);
            if (headerLength < 0)
            {
                // A header with large statistics: read it again, with room for the largest one read.
                window = new byte[MaxPageHeaderBytes];
                continue;
            }

            if (compressed < 0 || uncompressed < 0 || values < 0)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"a page of row group {group} gives a negative size"), 0);
            }

            if (type == 2)
            {
                dictionary += uncompressed + (values * 16);
            }
            else
            {
                largest = Math.Max(largest, uncompressed);
            }

            if (dictionary + largest > ParquetReadLimits.DefaultRowGroupBytes)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                    $"a column chunk of row group {group} decodes to more than {ParquetReadLimits.DefaultRowGroupBytes >> 20:N0} MiB in the reader (its dictionary and largest page), more than Gate reads"), 0);
            }

            at += headerLength + compressed;
        }
    }

    /// <summary>A page header: its length, type, uncompressed and compressed sizes, and a dictionary page's value count.</summary>
    private static (int Length, int Type, long Uncompressed, long Compressed, long Values) PageHeader(ReadOnlySpan<byte> bytes, int group, bool last)
    {
        var reader = new CompactReader(bytes);
        long type = -1, uncompressed = -1, compressed = -1, values = 0;
        try
        {
            short field = 0;
            while (reader.NextField(ref field, out byte kind))
            {
                switch (field)
                {
                    case 1 when kind == CompactReader.I32: type = reader.Integer32(); break;
                    case 2 when kind == CompactReader.I32: uncompressed = reader.Integer32(); break;
                    case 3 when kind == CompactReader.I32: compressed = reader.Integer32(); break;
                    case 7 when kind == CompactReader.Struct:
                        short inner = 0;
                        while (reader.NextField(ref inner, out byte innerKind))
                        {
                            if (inner == 1 && innerKind == CompactReader.I32)
                            {
                                values = reader.Integer32();
                            }
                            else
                            {
                                reader.Skip(innerKind, 0);
                            }
                        }

                        break;
                    default: reader.Skip(kind, 0); break;
                }
            }
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            return last
                ? throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"a page header of row group {group} cannot be read (cut, or longer than {bytes.Length:N0} bytes)"), 0)
                : (-1, 0, 0, 0, 0);
        }

        if (type < 0 || uncompressed < 0 || compressed < 0)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"a page header of row group {group} gives no type or size"), 0);
        }

        return (reader.Position, (int)type, uncompressed, compressed, values);
    }

    private static void FileMetaData(ref CompactReader reader, FooterFacts facts)
    {
        short field = 0;
        bool schema = false, groups = false;
        while (reader.NextField(ref field, out byte type))
        {
            if (field == 2)
            {
                Once(ref schema);
                Expect(type, CompactReader.List);
                Structs(ref reader, (ref CompactReader r) => OneField(ref r, 4, CompactReader.Bytes, (ref CompactReader n) => facts.Names.Add(CheckName(ref n))));
            }
            else if (field == 4)
            {
                Once(ref groups);
                Expect(type, CompactReader.List);
                Structs(ref reader, (ref CompactReader r) => RowGroup(ref r, ++facts.RowGroups, facts));
            }
            else if (field == 6 && type == CompactReader.Bytes)
            {
                CheckWriter(reader.Binary());
            }
            else
            {
                reader.Skip(type, 0);
            }
        }
    }

    /// <summary>
    /// parquet-mr before 1.2.9 wrote column chunk sizes too small, and the reference reader pads every
    /// chunk of such a file by up to 100 bytes: chunks then read into their neighbours, which the
    /// overlap check cannot allow. Such files (from 2013) are refused; rewriting them fixes them.
    /// </summary>
    private static void CheckWriter(ReadOnlySpan<byte> createdBy)
    {
        string writer = System.Text.Encoding.UTF8.GetString(createdBy).Trim();
        if (!writer.StartsWith("parquet-mr", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        System.Text.RegularExpressions.Match version = System.Text.RegularExpressions.Regex.Match(writer, @"version\s+(\d{1,6})\.(\d{1,6})\.(\d{1,6})", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!version.Success
            || new Version(int.Parse(version.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(version.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(version.Groups[3].Value, CultureInfo.InvariantCulture)) < new Version(1, 2, 9))
        {
            throw new CorruptDataException($"the file was written by '{(writer.Length > 80 ? writer[..80] + "…" : writer)}', parquet-mr before 1.2.9, whose column chunks the reader pads into their neighbours; Gate refuses it (rewrite the file with a current writer)", 0);
        }
    }

    /// <summary>A field this check reads may appear once: Thrift's C++ reader would merge or replace a repeated one, and the two views would part.</summary>
    private static void Once(ref bool seen)
    {
        if (seen)
        {
            throw new CorruptDataException("the Parquet footer gives a field twice", 0);
        }

        seen = true;
    }

    private static void Expect(byte type, byte expected)
    {
        if (type != expected)
        {
            throw new CorruptDataException("the Parquet footer is not the metadata its format defines", 0);
        }
    }

    private static string CheckName(ref CompactReader reader)
    {
        ReadOnlySpan<byte> name = reader.Binary();
        if (name.Contains((byte)0))
        {
            throw new CorruptDataException("a column name holds a NUL character; readers disagree on where such a name ends, so Gate refuses it", 0);
        }

        if (!System.Text.Unicode.Utf8.IsValid(name))
        {
            throw new CorruptDataException("a column name is not UTF-8 text", 0);
        }

        return System.Text.Encoding.UTF8.GetString(name);
    }

    private static void RowGroup(ref CompactReader reader, int group, FooterFacts facts) =>
        OneField(ref reader, 1, CompactReader.List, (ref CompactReader columns) =>
            Structs(ref columns, (ref CompactReader chunk) =>
            {
                facts.Chunks++;
                OneField(ref chunk, 3, CompactReader.Struct, (ref CompactReader metadata) => ColumnMetaData(ref metadata, group, facts.Ranges));
            }));

    /// <summary>Where a column chunk's bytes lie: from its dictionary page (when there is one before the data, as the reference reader starts) for its compressed size.</summary>
    private static void ColumnMetaData(ref CompactReader reader, int group, List<(long, long, int)> ranges)
    {
        long size = -1, data = -1, dictionary = -1;
        bool sized = false, placed = false, dictionaryPlaced = false;
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            switch (field)
            {
                case 7: Once(ref sized); Expect(type, CompactReader.I64); size = reader.Integer(); break;
                case 9: Once(ref placed); Expect(type, CompactReader.I64); data = reader.Integer(); break;
                case 11: Once(ref dictionaryPlaced); Expect(type, CompactReader.I64); dictionary = reader.Integer(); break;
                default: reader.Skip(type, 0); break;
            }
        }

        if (size <= 0 || data < 0)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"a column chunk of row group {group} gives no place or size for its data"), 0);
        }

        long start = dictionary > 0 && dictionary < data ? dictionary : data;
        ranges.Add((start, start + size, group));
    }

    /// <summary>A struct of which one field is read by <paramref name="read"/> (once at most); the others are skipped.</summary>
    private static void OneField(ref CompactReader reader, short wanted, byte wantedType, ElementReader read)
    {
        short field = 0;
        bool seen = false;
        while (reader.NextField(ref field, out byte type))
        {
            if (field == wanted)
            {
                Once(ref seen);
                Expect(type, wantedType);
                read(ref reader);
            }
            else
            {
                reader.Skip(type, 0);
            }
        }
    }

    /// <summary>Column chunks may not share bytes, nor reach into the footer.</summary>
    private static void CheckRanges(List<(long Start, long End, int Group)> ranges, long footerStart)
    {
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (int i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].Start < 4 || ranges[i].End > footerStart || ranges[i].End < ranges[i].Start)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"a column chunk of row group {ranges[i].Group} lies outside the file's data"), 0);
            }

            if (i > 0 && ranges[i].Start < ranges[i - 1].End)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                    $"column chunks of row groups {ranges[i - 1].Group} and {ranges[i].Group} share bytes; a file may not read the same data twice"), 0);
            }
        }
    }

    private delegate void ElementReader(ref CompactReader reader);

    /// <summary>A list whose elements are structs, each read by <paramref name="element"/>.</summary>
    private static void Structs(ref CompactReader reader, ElementReader element)
    {
        (int count, byte type) = reader.ListHeader();
        if (type != CompactReader.Struct)
        {
            throw new CorruptDataException("the Parquet footer is not the metadata its format defines", 0);
        }

        for (int i = 0; i < count; i++)
        {
            element(ref reader);
        }
    }

    /// <summary>Thrift's compact protocol, reading forward over the footer.</summary>
    private ref struct CompactReader(ReadOnlySpan<byte> data)
    {
        public const byte Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Bytes = 8, List = 9, Set = 10, Map = 11, Struct = 12;

        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        /// <summary>Bytes read so far.</summary>
        public readonly int Position => _at;

        /// <summary>The next field of the struct being read (its id in <paramref name="field"/>), or false at its end.</summary>
        public bool NextField(ref short field, out byte type)
        {
            byte header = _data[_at++];
            type = (byte)(header & 0x0F);
            if (type == Stop)
            {
                return false;
            }

            int delta = header >> 4;
            field = delta == 0 ? (short)ZigZag(Varint()) : (short)(field + delta);
            return true;
        }

        public (int Count, byte Element) ListHeader()
        {
            byte header = _data[_at++];
            int count = header >> 4;
            if (count == 15)
            {
                count = checked((int)Varint());
            }

            if (count < 0 || count > _data.Length - _at)
            {
                throw new CorruptDataException("the Parquet footer claims a list longer than itself", 0);
            }

            return (count, (byte)(header & 0x0F));
        }

        public long Integer() => ZigZag(Varint());

        /// <summary>A 32-bit field: its encoding must fit 32 bits (Thrift's reader would keep the low bits only, and the two readings would part).</summary>
        public int Integer32()
        {
            ulong raw = Varint();
            if (raw > uint.MaxValue)
            {
                throw new CorruptDataException("the Parquet file writes a 32-bit number in more than 32 bits", 0);
            }

            return (int)((uint)raw >> 1) ^ -(int)((uint)raw & 1);
        }

        public ReadOnlySpan<byte> Binary()
        {
            int length = checked((int)Varint());
            ReadOnlySpan<byte> value = _data.Slice(_at, length);
            _at += length;
            return value;
        }

        public void Skip(byte type, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new CorruptDataException("the Parquet footer nests deeper than its format does", 0);
            }

            switch (type)
            {
                case True or False:
                    break;
                case Byte:
                    _at++;
                    break;
                case I16 or I32 or I64:
                    Varint();
                    break;
                case Double:
                    _at += 8;
                    break;
                case Bytes:
                    Binary();
                    break;
                case List or Set:
                    (int count, byte element) = ListHeader();
                    for (int i = 0; i < count; i++)
                    {
                        SkipElement(element, depth + 1);
                    }

                    break;
                case Map:
                    int entries = checked((int)Varint());
                    if (entries > 0)
                    {
                        byte kinds = _data[_at++];
                        for (int i = 0; i < entries; i++)
                        {
                            SkipElement((byte)(kinds >> 4), depth + 1);
                            SkipElement((byte)(kinds & 0x0F), depth + 1);
                        }
                    }

                    break;
                case Struct:
                    short field = 0;
                    while (NextField(ref field, out byte inner))
                    {
                        Skip(inner, depth + 1);
                    }

                    break;
                default:
                    throw new CorruptDataException("the Parquet footer holds a value of no Thrift type", 0);
            }

            if (_at > _data.Length)
            {
                throw new CorruptDataException("the Parquet footer ends inside a value", 0);
            }
        }

        /// <summary>An element of a list, set or map: a boolean there is a whole byte, not a field header's type.</summary>
        private void SkipElement(byte type, int depth)
        {
            if (type is True or False)
            {
                _at++;
            }
            else
            {
                Skip(type, depth);
            }
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new CorruptDataException("the Parquet footer holds a number longer than 64 bits", 0);
        }

        private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
    }
}
