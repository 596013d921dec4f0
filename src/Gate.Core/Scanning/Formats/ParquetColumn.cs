using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Parquet.Data;
using Parquet.File.Values.Primitives;
using Parquet.Schema;

namespace Gate.Core.Scanning;

/// <summary>
/// One leaf column of one row group as Parquet stores it: a definition and a repetition level per
/// entry and the non-null values packed densely, with a cursor the row assembly moves along. Every
/// step is checked, because a corrupt file's levels can claim anything.
/// </summary>
internal abstract class ParquetColumn : IDisposable
{
    private readonly RawColumnData _raw;
    private readonly bool _hasDefinitions, _hasRepetitions;
    private int _position, _valuePosition;

    protected ParquetColumn(DataField field, RawColumnData raw, int valuesRead)
    {
        _raw = raw;
        Field = field;
        MaxDefinition = field.MaxDefinitionLevel;
        // A required column stores no definition levels, a flat one no repetition levels.
        _hasDefinitions = MaxDefinition > 0;
        _hasRepetitions = field.MaxRepetitionLevel > 0;
        Count = _hasDefinitions ? raw.DefinitionLevels.Length : valuesRead;
        if (_hasRepetitions && raw.RepetitionLevels.Length != Count)
        {
            throw Corrupt($"has {Count:N0} definition levels but {raw.RepetitionLevels.Length:N0} repetition levels");
        }

        int values = Count;
        if (_hasDefinitions)
        {
            values = 0;
            foreach (int level in raw.DefinitionLevels)
            {
                values += level == MaxDefinition ? 1 : 0;
            }
        }

        if (values > valuesRead)
        {
            throw Corrupt($"defines {values:N0} values but holds {valuesRead:N0}");
        }

        ValueCount = values;
    }

    public DataField Field { get; }

    /// <summary>The definition level of a value that is there (not null at any depth).</summary>
    public int MaxDefinition { get; }

    /// <summary>Entries (one per value, null or empty list).</summary>
    public int Count { get; }

    public int ValueCount { get; }

    /// <summary>Whether the next entry starts a row.</summary>
    public bool StartsRow => _position < Count && NextRepetition() == 0;

    public static async ValueTask<ParquetColumn> ReadAsync(Parquet.ParquetRowGroupReader group, DataField field, CancellationToken cancellationToken)
    {
        RawColumnData raw = await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        try
        {
            return ParquetValues.ColumnOf(field, raw);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    public int PeekDefinition()
    {
        if (_position >= Count)
        {
            throw Corrupt($"ends before its rows do");
        }

        return _hasDefinitions ? _raw.DefinitionLevels[_position] : 0;
    }

    /// <summary>The repetition level of the next entry; 0 (a new row) past the last.</summary>
    public int NextRepetition() => _hasRepetitions && _position < Count ? _raw.RepetitionLevels[_position] : 0;

    /// <summary>Passes over an entry that says a value above the leaf is null or empty: its definition level must lie in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void Skip(int low, int high)
    {
        int level = PeekDefinition();
        if (level < low || level >= high)
        {
            throw high - low == 1 ? Corrupt($"has definition level {level} where {low} belongs") : Corrupt($"has definition level {level} where {low} to {high - 1} belong");
        }

        _position++;
    }

    public abstract void WriteValue(Utf8JsonWriter json);

    /// <summary>Every entry and value was used: a column may not hold more than its rows.</summary>
    public void Finish()
    {
        if (_position != Count || _valuePosition != ValueCount)
        {
            throw Corrupt($"holds {Count - _position:N0} entries more than its rows use");
        }
    }

    public void Dispose() => _raw.Dispose();

    /// <summary>Moves past an entry that holds a value and returns the value's index.</summary>
    protected int TakeValue()
    {
        int level = PeekDefinition();
        if (level != MaxDefinition)
        {
            throw Corrupt($"has definition level {level} where a value ({MaxDefinition}) belongs");
        }

        _position++;
        return _valuePosition++;
    }

    /// <summary>The column's error, its numbers written alike in every culture.</summary>
    private CorruptDataException Corrupt(FormattableString what) => new($"column '{Field.Path}' {FormattableString.Invariant(what)}", 0);
}

/// <summary>A leaf column whose values are <typeparamref name="T"/>, written by one canonical writer.</summary>
internal sealed class ParquetColumn<T>(DataField field, RawColumnData<T> raw, Action<Utf8JsonWriter, T> write)
    : ParquetColumn(field, raw, raw.Values.Length)
    where T : struct
{
    public T Take() => raw.Values[TakeValue()];

    public override void WriteValue(Utf8JsonWriter json) => write(json, Take());
}

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
