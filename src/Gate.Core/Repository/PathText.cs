using System.Globalization;
using System.Text;
using Gate.Core.Diagnostics;

namespace Gate.Core.Repository;

/// <summary>
/// Which characters Gate refuses in a file name: those <see cref="VisibleText"/> would not show as
/// themselves (control characters such as a line feed or an escape, bidirectional overrides and
/// isolates, line and paragraph separators), a backslash, and U+FFFD (a name that was not valid
/// UTF-8). Such a name is refused wherever it appears below the checked folder: it can end or forge
/// a line in a log, reorder what a reviewer reads, or name a different file on another system than
/// the one Gate read. No legitimate dataset needs one.
/// </summary>
public static class PathText
{
    /// <summary>The first refused character of <paramref name="name"/>, or null.</summary>
    public static char? FirstRefused(string name)
    {
        foreach (char c in name)
        {
            if (IsRefused(c))
            {
                return c;
            }
        }

        return null;
    }

    public static bool IsRefused(char c) => VisibleText.IsHidden(c) || c is '\\' or '\uFFFD';

    /// <summary>The text with every refused character written as <c>\uXXXX</c>, so it can be shown.</summary>
    public static string Visible(string text)
    {
        if (FirstRefused(text) is null)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (IsRefused(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>"U+000A" for a character.</summary>
    public static string CodePoint(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
}
