using System.Globalization;

namespace Gate.Core.Scanning;

/// <summary>
/// JSON numbers for <see cref="JsonCanonicalHash"/>: checked against the grammar and hashed by value,
/// as readers take them. An integer stays exact (Python reads it as an int of any size); a number
/// with a fraction or an exponent is a double, so <c>0.5</c>, <c>5e-1</c> and <c>0.50</c> are one
/// number, and <c>0.1</c> is <c>0.10000000000000001</c>.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>
    /// A number by the JSON grammar, hashed in its canonical form: <c>[-]digits</c> without leading or
    /// trailing zeros, then <c>e</c> and the exponent (<c>0</c> for zero, <c>inf</c> beyond a double).
    /// </summary>
    /// <remarks>
    /// With <paramref name="loose"/>, also the overlap hash: every number as a double (the type a
    /// loader of CSV, Parquet or JSON gives it), so an integer too long for a double's 15 exact
    /// digits is rounded there, as <c>float()</c> would; shorter ones are the same either way.
    /// </remarks>
    public static (int End, UInt128 Hash, UInt128 Loose) Hash(ReadOnlySpan<byte> data, int pos, int e, ref CanonicalHashWriter writer, long line, bool hash, bool loose)
    {
        int start = pos;
        bool negative = data[pos] == (byte)'-';
        if (negative)
        {
            pos++;
        }

        int intStart = pos;
        pos = Digits(data, pos, e);
        if (pos == intStart || (data[intStart] == (byte)'0' && pos - intStart > 1))
        {
            throw JsonCanonicalHash.Corrupt("a malformed number (JSON numbers have digits, and no leading zero)", line);
        }

        int intEnd = pos;
        bool integer = true;
        if (pos < e && data[pos] == (byte)'.')
        {
            integer = false;
            int fraction = ++pos;
            pos = Digits(data, pos, e);
            if (pos == fraction)
            {
                throw JsonCanonicalHash.Corrupt("a malformed number (a '.' needs digits after it)", line);
            }
        }

        if (pos < e && data[pos] is (byte)'e' or (byte)'E')
        {
            integer = false;
            pos++;
            if (pos < e && data[pos] is (byte)'+' or (byte)'-')
            {
                pos++;
            }

            int exponent = pos;
            pos = Digits(data, pos, e);
            if (pos == exponent)
            {
                throw JsonCanonicalHash.Corrupt("a malformed number (an exponent needs digits)", line);
            }
        }

        if (!hash)
        {
            return (pos, 0, 0);
        }

        if (integer)
        {
            // Exact, as readers keep integers: the digits without trailing zeros, which become the exponent.
            ReadOnlySpan<byte> digits = data[intStart..intEnd];
            int significant = digits.TrimEnd((byte)'0').Length;
            if (significant == 0)
            {
                writer.Put((byte)'0');
            }
            else
            {
                if (negative)
                {
                    writer.Put((byte)'-');
                }

                writer.Put(digits[..significant]);
                PutExponent(ref writer, digits.Length - significant);
            }

            UInt128 exact = writer.HashMember();
            return (pos, exact, loose && digits.TrimStart((byte)'0').Length > 15 ? DoubleHash(data[start..pos], ref writer) : exact);
        }

        UInt128 asDouble = DoubleHash(data[start..pos], ref writer);
        return (pos, asDouble, asDouble);
    }

    /// <summary>
    /// The overlap hash of text a loader would read as a number or a boolean (a CSV cell, a Parquet
    /// value written as a string, a string in JSON): <c>"0.5"</c> is the number 0.5, <c>"True"</c> the
    /// boolean, an empty text null. Null when the text is none of these (it stays a string).
    /// </summary>
    public static UInt128? LooseScalar(ReadOnlySpan<byte> text, ref CanonicalHashWriter writer)
    {
        // pandas trims ASCII whitespace around a number (its tokenizer's isspace_ascii).
        text = text.Trim(" \t\n\v\f\r"u8);
        if (text.IsEmpty || (text.Length <= 8 && IsNullMarker(text)))
        {
            return NullHash;
        }

        if (text.Length <= 5 && text[0] is (byte)'t' or (byte)'T' or (byte)'f' or (byte)'F')
        {
            return text.SequenceEqual("true"u8) || text.SequenceEqual("True"u8) || text.SequenceEqual("TRUE"u8) ? TrueHash
                : text.SequenceEqual("false"u8) || text.SequenceEqual("False"u8) || text.SequenceEqual("FALSE"u8) ? FalseHash
                : null;
        }

        if (text.Length >= 10 && text[4] == (byte)'-' && text[7] == (byte)'-' && LooseDateTime(text) is { } when)
        {
            return when;
        }

        // No length bound: pandas reads a number padded with any count of zeros; the first byte keeps this cheap for text.
        if (!(text[0] is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.')
            || !double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double number))
        {
            return null;
        }

        return DoubleHash(number, ref writer);
    }

    /// <summary>The hash of <c>null</c>; in the overlap hash a member whose value is null is left out (a loader gives a missing key null).</summary>
    public static UInt128 NullHash { get; } = System.IO.Hashing.XxHash128.HashToUInt128("null"u8);

    /// <summary>The hashes of the literals <c>true</c> and <c>false</c>.</summary>
    public static UInt128 TrueHash { get; } = System.IO.Hashing.XxHash128.HashToUInt128("true"u8);

    /// <inheritdoc cref="TrueHash"/>
    public static UInt128 FalseHash { get; } = System.IO.Hashing.XxHash128.HashToUInt128("false"u8);

    /// <summary>The texts pandas reads as a missing value by default (<c>na_values</c>), which CSV copies of null-valued records hold.</summary>
    private static bool IsNullMarker(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("NA"u8) || text.SequenceEqual("N/A"u8) || text.SequenceEqual("n/a"u8) || text.SequenceEqual("NULL"u8) || text.SequenceEqual("null"u8)
        || text.SequenceEqual("None"u8) || text.SequenceEqual("NaN"u8) || text.SequenceEqual("nan"u8) || text.SequenceEqual("-NaN"u8) || text.SequenceEqual("-nan"u8)
        || text.SequenceEqual("<NA>"u8) || text.SequenceEqual("#N/A"u8) || text.SequenceEqual("#NA"u8);

    /// <summary>
    /// An ISO 8601 date or date and time by value: <c>2024-01-02</c>, <c>2024-01-02 00:00:00</c> and
    /// Parquet's <c>2024-01-02T00:00:00.000</c> are one instant (a date is its midnight; a fraction past
    /// 100 ns is cut, as .NET keeps time), and a time with an offset counts in UTC. pyarrow turns such
    /// strings into timestamps when it reads JSON, and pandas writes timestamps back as text, so a copy
    /// converted between Parquet, CSV and JSON Lines keeps its dates only by value. Null when the text
    /// is not one.
    /// </summary>
    private static UInt128? LooseDateTime(ReadOnlySpan<byte> text)
    {
        if (text.Length > 40)
        {
            return null;
        }

        Span<char> chars = stackalloc char[text.Length];
        int length = 0, fraction = -1;
        foreach (byte b in text)
        {
            if (b > 0x7F)
            {
                return null;
            }

            char c = (char)b;
            if (c == '.')
            {
                fraction = 0;
            }
            else if (fraction >= 0 && char.IsAsciiDigit(c))
            {
                if (++fraction > 7)
                {
                    continue; // .NET keeps 100 ns: nanoseconds are cut
                }
            }
            else if (fraction >= 0)
            {
                fraction = -2; // the fraction ended (a zone follows)
            }

            chars[length] = c == ' ' && length == 10 ? 'T' : c;
            length++;
        }

        if (!DateTimeOffset.TryParseExact(chars[..length], Iso8601, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset when))
        {
            return null;
        }

        Span<byte> ticks = stackalloc byte[24];
        "t:"u8.CopyTo(ticks);
        when.UtcTicks.TryFormat(ticks[2..], out int written, provider: CultureInfo.InvariantCulture);
        return System.IO.Hashing.XxHash128.HashToUInt128(ticks[..(2 + written)]);
    }

    /// <summary>
    /// The forms Apache Arrow's ISO 8601 parser (pyarrow's JSON and CSV readers) turns into timestamps:
    /// a date; an hour, with minutes, seconds and a fraction as given; a zone as <c>Z</c>,
    /// <c>±hh:mm</c>, <c>±hhmm</c> or <c>±hh</c>.
    /// </summary>
    private static readonly string[] Iso8601 =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHHK", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-ddTHHzz", "yyyy-MM-ddTHH:mmzz", "yyyy-MM-ddTHH:mm:sszz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzz",
    ];

    /// <summary>The canonical form of the double <paramref name="text"/> reads as, hashed.</summary>
    private static UInt128 DoubleHash(ReadOnlySpan<byte> text, ref CanonicalHashWriter writer) =>
        DoubleHash(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), ref writer);

    /// <summary>The canonical form of <paramref name="number"/>, hashed.</summary>
    private static UInt128 DoubleHash(double number, ref CanonicalHashWriter writer)
    {
        if (double.IsInfinity(number))
        {
            writer.Put(number > 0 ? "inf"u8 : "-inf"u8);
        }
        else if (number == 0)
        {
            writer.Put((byte)'0');
        }
        else
        {
            // The shortest text that reads back as the same double, brought to the canonical form.
            Span<byte> shortest = stackalloc byte[40];
            number.TryFormat(shortest, out int length, "R", CultureInfo.InvariantCulture);
            PutDecimal(ref writer, shortest[..length]);
        }

        return writer.HashMember();
    }

    /// <summary>A decimal in .NET's round-trip form (<c>-1.25E-05</c>, <c>0.5</c>, <c>1E+16</c>) in the canonical form.</summary>
    private static void PutDecimal(ref CanonicalHashWriter writer, scoped ReadOnlySpan<byte> text)
    {
        bool negative = text[0] == (byte)'-';
        ReadOnlySpan<byte> body = negative ? text[1..] : text;
        int exponentAt = body.IndexOfAny((byte)'E', (byte)'e');
        long exponent = exponentAt < 0 ? 0 : long.Parse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        ReadOnlySpan<byte> mantissa = exponentAt < 0 ? body : body[..exponentAt];
        int dot = mantissa.IndexOf((byte)'.');
        Span<byte> digits = stackalloc byte[mantissa.Length];
        int count = 0;
        foreach (byte b in mantissa)
        {
            if (b != (byte)'.')
            {
                digits[count++] = b;
            }
        }

        exponent -= dot < 0 ? 0 : mantissa.Length - dot - 1;
        ReadOnlySpan<byte> trimmedStart = digits[..count].TrimStart((byte)'0');
        ReadOnlySpan<byte> significant = trimmedStart.TrimEnd((byte)'0');
        exponent += trimmedStart.Length - significant.Length;
        if (negative)
        {
            writer.Put((byte)'-');
        }

        writer.Put(significant);
        PutExponent(ref writer, exponent);
    }

    private static void PutExponent(ref CanonicalHashWriter writer, long exponent)
    {
        writer.Put((byte)'e');
        Span<byte> digits = stackalloc byte[24];
        exponent.TryFormat(digits, out int length, provider: CultureInfo.InvariantCulture);
        writer.Put(digits[..length]);
    }

    private static int Digits(ReadOnlySpan<byte> data, int pos, int e)
    {
        while (pos < e && (uint)(data[pos] - '0') <= 9)
        {
            pos++;
        }

        return pos;
    }
}
