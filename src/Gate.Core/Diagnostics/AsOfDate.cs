using System.Globalization;

namespace Gate.Core.Diagnostics;

/// <summary>
/// The date waivers are judged against, as every host takes it: today (UTC) unless a setting names
/// another date written YYYY-MM-DD. One parser, so every host's GATE110 message reads the same.
/// </summary>
public static class AsOfDate
{
    /// <summary>Today's date in UTC, the default for waiver expiry.</summary>
    public static DateOnly TodayUtc() => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// <paramref name="text"/> as a date written YYYY-MM-DD, or today (UTC) when it is null. Anything
    /// else is GATE110 naming <paramref name="setting"/> (<c>--as-of</c>, <c>GateAsOf</c>) and the text
    /// as given. With <paramref name="trimWhitespace"/> (MSBuild properties), a blank text means today
    /// and surrounding whitespace is ignored.
    /// </summary>
    public static DateOnly ParseOrToday(string? text, string setting, bool trimWhitespace = false)
    {
        if (text is null || (trimWhitespace && string.IsNullOrWhiteSpace(text)))
        {
            return TodayUtc();
        }

        return DateOnly.TryParseExact(trimWhitespace ? text.Trim() : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : throw new GateInputException(new InputError(InputErrorKind.InvalidArgument, $"{setting} must be a date written YYYY-MM-DD, not '{text}'", null));
    }
}
