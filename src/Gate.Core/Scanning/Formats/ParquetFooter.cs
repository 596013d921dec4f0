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

    public static void Check(Stream source)
    {
        long length = source.Length;
        Span<byte> tail = stackalloc byte[8];
        if (length < 12)
        {
            return; // the reader says what is wrong with it
        }

        source.Seek(length - 8, SeekOrigin.Begin);
        source.ReadExactly(tail);
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8) || footerLength <= 0 || footerLength > length - 12)
        {
            return; // encrypted (PARE), truncated or not Parquet: the reader refuses it in its words
        }

        if (footerLength > MaxFooterBytes)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"the Parquet footer claims {footerLength:N0} bytes, more than Gate reads ({MaxFooterBytes:N0})"), 0);
        }

        byte[] footer = new byte[footerLength];
        source.Seek(length - 8 - footerLength, SeekOrigin.Begin);
        source.ReadExactly(footer);
        source.Seek(0, SeekOrigin.Begin);
        var ranges = new List<(long Start, long End, int Group)>();
        var reader = new CompactReader(footer);
        try
        {
            FileMetaData(ref reader, ranges);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new CorruptDataException("the Parquet footer ends inside a value", 0);
        }

        CheckRanges(ranges, length - 8 - footerLength);
    }

    private static void FileMetaData(ref CompactReader reader, List<(long, long, int)> ranges)
    {
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            if (field == 2 && type == CompactReader.List)
            {
                Structs(ref reader, SchemaElement);
            }
            else if (field == 4 && type == CompactReader.List)
            {
                int group = 0;
                Structs(ref reader, (ref CompactReader r) => RowGroup(ref r, ++group, ranges));
            }
            else
            {
                reader.Skip(type, 0);
            }
        }
    }

    private static void SchemaElement(ref CompactReader reader) => OneField(ref reader, 4, CompactReader.Bytes, CheckName);

    private static void CheckName(ref CompactReader reader)
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
    }

    private static void RowGroup(ref CompactReader reader, int group, List<(long, long, int)> ranges) =>
        OneField(ref reader, 1, CompactReader.List, (ref CompactReader columns) =>
            Structs(ref columns, (ref CompactReader chunk) =>
                OneField(ref chunk, 3, CompactReader.Struct, (ref CompactReader metadata) => ColumnMetaData(ref metadata, group, ranges))));

    /// <summary>Where a column chunk's bytes lie: from its dictionary page (when there is one before the data, as the reference reader starts) for its compressed size.</summary>
    private static void ColumnMetaData(ref CompactReader reader, int group, List<(long, long, int)> ranges)
    {
        long size = -1, data = -1, dictionary = -1;
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            switch (field)
            {
                case 7 when type == CompactReader.I64: size = reader.Integer(); break;
                case 9 when type == CompactReader.I64: data = reader.Integer(); break;
                case 11 when type == CompactReader.I64: dictionary = reader.Integer(); break;
                default: reader.Skip(type, 0); break;
            }
        }

        long start = dictionary > 0 && dictionary < data ? dictionary : data;
        if (size > 0 && start >= 0)
        {
            ranges.Add((start, start + size, group));
        }
    }

    /// <summary>A struct of which one field is read by <paramref name="read"/>; the others are skipped.</summary>
    private static void OneField(ref CompactReader reader, short wanted, byte wantedType, ElementReader read)
    {
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            if (field == wanted && type == wantedType)
            {
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
            if (ranges[i].End > footerStart || ranges[i].End < ranges[i].Start)
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"a column chunk of row group {ranges[i].Group} reaches past the data, into the footer"), 0);
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
                        if (element is True or False)
                        {
                            _at++; // a boolean in a list is a byte
                        }
                        else
                        {
                            Skip(element, depth + 1);
                        }
                    }

                    break;
                case Map:
                    int entries = checked((int)Varint());
                    if (entries > 0)
                    {
                        byte kinds = _data[_at++];
                        for (int i = 0; i < entries; i++)
                        {
                            Skip((byte)(kinds >> 4), depth + 1);
                            Skip((byte)(kinds & 0x0F), depth + 1);
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
