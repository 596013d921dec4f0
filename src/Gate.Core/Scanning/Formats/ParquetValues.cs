using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Parquet.Data;
using Parquet.File.Values.Primitives;
using Parquet.Schema;

namespace Gate.Core.Scanning;

/// <summary>
/// The canonical JSON of each Parquet value type: one written form per type, the same in any file.
/// The forms of string, int, long, bool, double and float are those Gate always wrote.
/// </summary>
internal static class ParquetValues
{
    /// <summary>Digits after the decimal point beyond which a decimal column is refused (Decimal256 has 76).</summary>
    private const int MaxDecimalScale = 1000;

    /// <summary>A float or double as the string of its round-trip ("R") form, formatted without an allocation per value.</summary>
    private static void WriteRoundTrip<T>(Utf8JsonWriter json, T value)
        where T : ISpanFormattable
    {
        Span<char> text = stackalloc char[40];
        json.WriteStringValue(value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture) ? text[..written] : value.ToString("R", CultureInfo.InvariantCulture));
    }

    public static ParquetColumn ColumnOf(DataField field, RawColumnData raw) => raw switch
    {
        RawColumnData<ReadOnlyMemory<char>> r => new ParquetColumn<ReadOnlyMemory<char>>(field, r, static (json, v) => json.WriteStringValue(v.Span)),
        RawColumnData<bool> r => new ParquetColumn<bool>(field, r, static (json, v) => json.WriteBooleanValue(v)),
        RawColumnData<int> r when field is TimeDataField time => new ParquetColumn<int>(field, r, (json, v) => WriteTime(json, v, time)),
        RawColumnData<int> r => new ParquetColumn<int>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<long> r when field is TimeDataField time => new ParquetColumn<long>(field, r, (json, v) => WriteTime(json, v, time)),
        RawColumnData<long> r => new ParquetColumn<long>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<double> r => new ParquetColumn<double>(field, r, static (json, v) => WriteRoundTrip(json, v)),
        RawColumnData<float> r => new ParquetColumn<float>(field, r, static (json, v) => WriteRoundTrip(json, v)),
        RawColumnData<sbyte> r => new ParquetColumn<sbyte>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<byte> r => new ParquetColumn<byte>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<short> r => new ParquetColumn<short>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<ushort> r => new ParquetColumn<ushort>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<uint> r => new ParquetColumn<uint>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<ulong> r => new ParquetColumn<ulong>(field, r, static (json, v) => json.WriteNumberValue(v)),
        RawColumnData<DateTime> r when field is DateTimeDataField { DateTimeFormat: DateTimeFormat.Date } =>
            new ParquetColumn<DateTime>(field, r, static (json, v) => WriteDateTime(json, v, "yyyy'-'MM'-'dd", utc: false)),
        RawColumnData<DateTime> r when field is DateTimeDataField stamp => new ParquetColumn<DateTime>(field, r, TimestampWriter(stamp)),
        RawColumnData<BigDecimal> r => new ParquetColumn<BigDecimal>(field, r, static (json, v) => WriteDecimal(json, v)),
        RawColumnData<Guid> r => new ParquetColumn<Guid>(field, r, static (json, v) => WriteUuid(json, v)),
        RawColumnData<ReadOnlyMemory<byte>> r => new ParquetColumn<ReadOnlyMemory<byte>>(field, r, static (json, v) => json.WriteBase64StringValue(v.Span)),
        RawColumnData<Interval> r => new ParquetColumn<Interval>(field, r, static (json, v) => WriteInterval(json, v)),
        _ => throw new CorruptDataException($"column '{field.Path}' has type {field.ClrType.Name}, which Gate does not read", 0),
    };

    /// <summary>
    /// ISO 8601 with the digits the column stores: milliseconds 3, microseconds 6; nanoseconds and
    /// INT96 7, the 100 ns Parquet.Net reads them at. <c>Z</c> only when the column says UTC.
    /// </summary>
    private static Action<Utf8JsonWriter, DateTime> TimestampWriter(DateTimeDataField field)
    {
        string fraction = field.DateTimeFormat == DateTimeFormat.Impala ? "fffffff" : field.Unit switch
        {
            DateTimeTimeUnit.Millis => "fff",
            DateTimeTimeUnit.Micros => "ffffff",
            _ => "fffffff",
        };
        string format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'" + fraction;
        bool utc = field.IsAdjustedToUTC;
        return (json, v) => WriteDateTime(json, v, format, utc);
    }

    private static void WriteDateTime(Utf8JsonWriter json, DateTime value, string format, bool utc)
    {
        // The ticks as stored: a custom format never converts between zones, whatever the Kind.
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out int length, format, CultureInfo.InvariantCulture);
        if (utc)
        {
            text[length++] = 'Z';
        }

        json.WriteStringValue(text[..length]);
    }

    /// <summary>A TIME (counts since midnight in the column's unit) as <c>HH:mm:ss</c> and the unit's digits.</summary>
    private static void WriteTime(Utf8JsonWriter json, long value, TimeDataField field)
    {
        (long perSecond, int digits) = field.Precision switch
        {
            TimeUnitPrecision.Millis => (1_000L, 3),
            TimeUnitPrecision.Micros => (1_000_000L, 6),
            _ => (1_000_000_000L, 9),
        };
        if (value < 0 || value > 86_400 * perSecond)
        {
            throw new CorruptDataException($"column '{field.Path}' holds a time of day out of range ({value.ToString(CultureInfo.InvariantCulture)})", 0);
        }

        long seconds = Math.DivRem(value, perSecond, out long fraction);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}.{fraction.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)}");
        json.WriteStringValue(field.IsAdjustedToUtc ? text + "Z" : text);
    }

    /// <summary>The exact decimal with as many digits after the point as the column's scale: <c>"12.30"</c>, <c>"-0.5000"</c>.</summary>
    private static void WriteDecimal(Utf8JsonWriter json, BigDecimal value)
    {
        int scale = value.Scale;
        if (scale is < 0 or > MaxDecimalScale)
        {
            throw new CorruptDataException($"a decimal column has scale {scale}, which Gate does not read", 0);
        }

        string digits = BigInteger.Abs(value.UnscaledValue).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = string.Concat(digits.AsSpan(0, digits.Length - scale), ".", digits.AsSpan(digits.Length - scale));
        }

        json.WriteStringValue(value.UnscaledValue.Sign < 0 ? "-" + digits : digits);
    }

    /// <summary>
    /// The 16 bytes the file stores, in order, as 8-4-4-4-12 lowercase hex (RFC 9562). Parquet.Net
    /// reads them little-endian into a <see cref="Guid"/>; writing the Guid back out that way gives them.
    /// </summary>
    private static void WriteUuid(Utf8JsonWriter json, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        Span<char> text = stackalloc char[36];
        new Guid(bytes, bigEndian: true).TryFormat(text, out _, "D");
        json.WriteStringValue(text);
    }

    /// <summary>An INTERVAL (unsigned months, days, milliseconds) as an ISO 8601 duration: <c>"P1M2DT3.004S"</c>.</summary>
    private static void WriteInterval(Utf8JsonWriter json, Interval value)
    {
        uint millis = (uint)value.Millis;
        json.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"P{(uint)value.Months}M{(uint)value.Days}DT{millis / 1000}.{millis % 1000:000}S"));
    }
}
