using System.Globalization;

namespace Gate.Core.Scanning;

/// <summary>
/// Parquet's dates, times of day and timestamps as ISO 8601 text, computed from the stored counts
/// with integer arithmetic only: every value the format can hold has one text (no <see cref="DateTime"/>,
/// whose range and 100 ns resolution are narrower than Parquet's). A count before 1970 is floored,
/// as the instant it names: -1 ns is <c>1969-12-31T23:59:59.999999999</c>.
/// </summary>
internal static class ParquetTemporal
{
    public const long Millis = 1_000, Micros = 1_000_000, Nanos = 1_000_000_000;

    private const long SecondsPerDay = 86_400;

    /// <summary>Days since 1970-01-01 as <c>yyyy-MM-dd</c> (proleptic Gregorian); a year outside 0–9999 has a sign and its digits (<c>+10000-01-01</c>, <c>-0001-12-31</c>).</summary>
    public static string Date(long days)
    {
        (long year, int month, int day) = Civil(days);
        string y = year is >= 0 and <= 9999
            ? year.ToString("D4", CultureInfo.InvariantCulture)
            : (year < 0 ? "-" : "+") + Math.Abs(year).ToString("D4", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{y}-{month:D2}-{day:D2}");
    }

    /// <summary>A count of <paramref name="perSecond"/> units since midnight as <c>HH:mm:ss</c> and the unit's digits; out of the day's range is the file's error.</summary>
    public static string TimeOfDay(long count, long perSecond, bool utc)
    {
        if (count < 0 || count > SecondsPerDay * perSecond)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"holds a time of day out of range ({count})"), 0);
        }

        return Clock(count, perSecond) + (utc ? "Z" : string.Empty);
    }

    /// <summary>A count of <paramref name="perSecond"/> units since 1970-01-01T00:00 as <c>yyyy-MM-ddTHH:mm:ss</c>, the unit's digits and <c>Z</c> when adjusted to UTC.</summary>
    public static string Timestamp(long count, long perSecond, bool utc)
    {
        long perDay = SecondsPerDay * perSecond;
        long days = Math.DivRem(count, perDay, out long withinDay);
        if (withinDay < 0)
        {
            days--;
            withinDay += perDay;
        }

        return Date(days) + "T" + Clock(withinDay, perSecond) + (utc ? "Z" : string.Empty);
    }

    private static string Clock(long count, long perSecond)
    {
        long seconds = Math.DivRem(count, perSecond, out long fraction);
        string digits = perSecond switch { Millis => "D3", Micros => "D6", _ => "D9" };
        return string.Create(CultureInfo.InvariantCulture,
            $"{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}.{fraction.ToString(digits, CultureInfo.InvariantCulture)}");
    }

    /// <summary>Days since 1970-01-01 to year, month and day (H. Hinnant's <c>civil_from_days</c>), for every day an <see cref="int"/> or a timestamp can name.</summary>
    private static (long Year, int Month, int Day) Civil(long days)
    {
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long dayOfEra = z - (era * 146_097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long mp = ((5 * dayOfYear) + 2) / 153;
        int day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }
}
