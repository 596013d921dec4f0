using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ParquetSharp;

namespace Gate.Core.Scanning;

/// <summary>
/// The canonical JSON of each Parquet value: one written form per physical and logical type, the
/// same in any file, computed from the stored bytes (docs/scanner.md has the table). A logical type
/// that a physical type cannot carry is refused, as the reference reader (Apache Arrow's) refuses it.
/// </summary>
internal static class ParquetValues
{
    /// <summary>Digits after the decimal point beyond which a decimal column is refused (Parquet's widest decimal has 76 digits).</summary>
    private const int MaxDecimalScale = 1000;

    /// <summary>Days between the Julian day INT96 counts from and 1970-01-01.</summary>
    private const ulong JulianDayOfUnixEpoch = 2_440_588;

    private const ulong NanosPerDay = 86_400UL * ParquetTemporal.Nanos;

    /// <summary>An empty container of the column's values that writes each in its canonical form.</summary>
    public static ParquetLeafValues For(ColumnDescriptor column, string path)
    {
        using LogicalType logical = column.LogicalType;
        ParquetLeafValues values = column.PhysicalType switch
        {
            PhysicalType.Boolean when IsPlain(logical) => new ParquetFixedValues<bool>(static (json, v) => json.WriteBooleanValue(v)),
            PhysicalType.Int32 => Int32Values(logical, path),
            PhysicalType.Int64 => Int64Values(logical, path),
            PhysicalType.Int96 when IsPlain(logical) => new ParquetFixedValues<Int96>(static (json, v) => json.WriteStringValue(Int96Timestamp(v))),
            PhysicalType.Float when IsPlain(logical) => new ParquetFixedValues<float>(static (json, v) => WriteRoundTrip(json, v)),
            PhysicalType.Double when IsPlain(logical) => new ParquetFixedValues<double>(static (json, v) => WriteRoundTrip(json, v)),
            PhysicalType.ByteArray => new ParquetBinaryValues(ByteStringWriter(logical, path, column.TypeLength, fixedLength: false)),
            PhysicalType.FixedLenByteArray => new ParquetBinaryValues(ByteStringWriter(logical, path, column.TypeLength, fixedLength: true)),
            _ => throw Unreadable(path, column.PhysicalType, logical),
        };
        values.Path = path;
        return values;
    }

    private static bool IsPlain(LogicalType logical) => logical is NoneLogicalType;

    private static ParquetLeafValues Int32Values(LogicalType logical, string path) => logical switch
    {
        NoneLogicalType or IntLogicalType { BitWidth: 32, IsSigned: true } => new ParquetFixedValues<int>(static (json, v) => json.WriteNumberValue(v)),
        // Narrow integers are stored widened; a reader keeps the low bits, as a cast does.
        IntLogicalType { BitWidth: 8, IsSigned: true } => new ParquetFixedValues<int>(static (json, v) => json.WriteNumberValue((sbyte)v)),
        IntLogicalType { BitWidth: 16, IsSigned: true } => new ParquetFixedValues<int>(static (json, v) => json.WriteNumberValue((short)v)),
        IntLogicalType { BitWidth: 8, IsSigned: false } => new ParquetFixedValues<int>(static (json, v) => json.WriteNumberValue((byte)v)),
        IntLogicalType { BitWidth: 16, IsSigned: false } => new ParquetFixedValues<int>(static (json, v) => json.WriteNumberValue((ushort)v)),
        IntLogicalType { BitWidth: 32, IsSigned: false } => new ParquetFixedValues<int>(static (json, v) => json.WriteNumberValue((uint)v)),
        DateLogicalType => new ParquetFixedValues<int>(static (json, v) => json.WriteStringValue(ParquetTemporal.Date(v))),
        TimeLogicalType { TimeUnit: TimeUnit.Millis } time => TimeValues<int>(time.IsAdjustedToUtc, ParquetTemporal.Millis),
        DecimalLogicalType { Scale: var scale } => new ParquetFixedValues<int>((json, v) => WriteDecimal(json, v, scale, path)),
        NullLogicalType => new ParquetFixedValues<int>(static (json, _) => json.WriteNullValue()),
        _ => throw Unreadable(path, PhysicalType.Int32, logical),
    };

    private static ParquetLeafValues Int64Values(LogicalType logical, string path) => logical switch
    {
        NoneLogicalType or IntLogicalType { BitWidth: 64, IsSigned: true } => new ParquetFixedValues<long>(static (json, v) => json.WriteNumberValue(v)),
        IntLogicalType { BitWidth: 64, IsSigned: false } => new ParquetFixedValues<long>(static (json, v) => json.WriteNumberValue((ulong)v)),
        TimestampLogicalType stamp when PerSecond(stamp.TimeUnit) is { } perSecond => TimestampValues(perSecond, stamp.IsAdjustedToUtc),
        TimeLogicalType { TimeUnit: TimeUnit.Micros or TimeUnit.Nanos } time => TimeValues<long>(time.IsAdjustedToUtc, PerSecond(time.TimeUnit)!.Value),
        DecimalLogicalType { Scale: var scale } => new ParquetFixedValues<long>((json, v) => WriteDecimal(json, v, scale, path)),
        NullLogicalType => new ParquetFixedValues<long>(static (json, _) => json.WriteNullValue()),
        _ => throw Unreadable(path, PhysicalType.Int64, logical),
    };

    private static ParquetFixedValues<long> TimestampValues(long perSecond, bool utc) =>
        new((json, v) => json.WriteStringValue(ParquetTemporal.Timestamp(v, perSecond, utc)));

    private static ParquetFixedValues<T> TimeValues<T>(bool utc, long perSecond)
        where T : unmanaged, IBinaryInteger<T> =>
        new((json, v) => json.WriteStringValue(ParquetTemporal.TimeOfDay(long.CreateTruncating(v), perSecond, utc)));

    private static long? PerSecond(TimeUnit unit) => unit switch
    {
        TimeUnit.Millis => ParquetTemporal.Millis,
        TimeUnit.Micros => ParquetTemporal.Micros,
        TimeUnit.Nanos => ParquetTemporal.Nanos,
        _ => null,
    };

    private static Action<Utf8JsonWriter, ReadOnlySpan<byte>> ByteStringWriter(LogicalType logical, string path, int length, bool fixedLength) => logical switch
    {
        StringLogicalType or EnumLogicalType or JsonLogicalType when !fixedLength => (json, v) => json.WriteStringValue(Utf8Text(v, path)),
        DecimalLogicalType { Scale: var scale, Precision: var precision } => (json, v) => WriteDecimal(json, v, precision <= 38 ? 16 : 32, scale, path),
        UuidLogicalType when fixedLength && length == 16 => static (json, v) => WriteUuid(json, v),
        Float16LogicalType when fixedLength && length == 2 => static (json, v) => WriteRoundTrip(json, BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(v))),
        IntervalLogicalType when fixedLength && length == 12 => static (json, v) => WriteInterval(json, v),
        NoneLogicalType or BsonLogicalType => static (json, v) => json.WriteBase64StringValue(v),
        // Well-known binary shapes: bytes to every reader that does not draw them.
        _ when !fixedLength && logical.Type is LogicalTypeEnum.Geometry or LogicalTypeEnum.Geography => static (json, v) => json.WriteBase64StringValue(v),
        NullLogicalType => static (json, _) => json.WriteNullValue(),
        _ => throw Unreadable(path, fixedLength ? PhysicalType.FixedLenByteArray : PhysicalType.ByteArray, logical),
    };

    /// <summary>The bytes of a string value, which must be UTF-8 (as every reader that decodes them requires).</summary>
    public static ReadOnlySpan<byte> Utf8Text(ReadOnlySpan<byte> value, string path) =>
        System.Text.Unicode.Utf8.IsValid(value) ? value : throw new CorruptDataException($"column '{path}' holds a string that is not UTF-8", 0);

    private static CorruptDataException Unreadable(string path, PhysicalType physical, LogicalType logical) =>
        new($"column '{path}' is {logical.Type} stored as {physical}, which Gate does not read", 0);

    /// <summary>A float, double or half as the string of its shortest round-trip form, formatted without an allocation per value.</summary>
    private static void WriteRoundTrip<T>(Utf8JsonWriter json, T value)
        where T : ISpanFormattable
    {
        Span<char> text = stackalloc char[40];
        json.WriteStringValue(value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture) ? text[..written] : value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// INT96 (legacy Impala/Spark timestamps): nanoseconds of the day and a Julian day, read as the
    /// reference reader reads them, a naive timestamp of nanoseconds (its 64-bit arithmetic included).
    /// </summary>
    private static string Int96Timestamp(Int96 value)
    {
        // The reader's own arithmetic: the day unsigned, everything in 64 bits, wrapping.
        ulong nanosOfDay = (uint)value.A | ((ulong)(uint)value.B << 32);
        long nanos = unchecked((long)((((ulong)(uint)value.C - JulianDayOfUnixEpoch) * NanosPerDay) + nanosOfDay));
        return ParquetTemporal.Timestamp(nanos, ParquetTemporal.Nanos, utc: false);
    }

    /// <summary>The exact decimal with as many digits after the point as the column's scale: <c>"12.30"</c>, <c>"-0.5000"</c>.</summary>
    private static void WriteDecimal(Utf8JsonWriter json, BigInteger unscaled, int scale, string path)
    {
        if (scale is < 0 or > MaxDecimalScale)
        {
            throw new CorruptDataException($"column '{path}' is a decimal of scale {scale}, which Gate does not read", 0);
        }

        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = string.Concat(digits.AsSpan(0, digits.Length - scale), ".", digits.AsSpan(digits.Length - scale));
        }

        json.WriteStringValue(unscaled.Sign < 0 ? "-" + digits : digits);
    }

    /// <summary>
    /// A decimal stored as bytes: a big-endian two's complement integer of 1 to 16 bytes (precision
    /// up to 38) or 32 (beyond), the widths of the reference reader's decimal types.
    /// </summary>
    private static void WriteDecimal(Utf8JsonWriter json, ReadOnlySpan<byte> bytes, int width, int scale, string path)
    {
        if (bytes.Length == 0 || bytes.Length > width)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"column '{path}' holds a decimal of {bytes.Length} bytes (1 to {width} can be read at its precision)"), 0);
        }

        WriteDecimal(json, new BigInteger(bytes, isUnsigned: false, isBigEndian: true), scale, path);
    }

    /// <summary>The 16 stored bytes, in order, as 8-4-4-4-12 lowercase hex (RFC 9562).</summary>
    private static void WriteUuid(Utf8JsonWriter json, ReadOnlySpan<byte> bytes)
    {
        Span<char> text = stackalloc char[36];
        int at = 0;
        for (int i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                text[at++] = '-';
            }

            text[at++] = "0123456789abcdef"[bytes[i] >> 4];
            text[at++] = "0123456789abcdef"[bytes[i] & 0xF];
        }

        json.WriteStringValue(text);
    }

    /// <summary>An INTERVAL (unsigned little-endian months, days, milliseconds) as an ISO 8601 duration: <c>"P1M2DT3.004S"</c>.</summary>
    private static void WriteInterval(Utf8JsonWriter json, ReadOnlySpan<byte> bytes)
    {
        uint months = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        uint days = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        uint millis = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        json.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"P{months}M{days}DT{millis / 1000}.{millis % 1000:000}S"));
    }
}
