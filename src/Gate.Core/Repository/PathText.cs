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
internal static class PathText
{
    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="max"/> characters and "…" (never inside a
    /// surrogate pair): what a message quotes of a repository's name or error stays short.
    /// </summary>
    public static string Cut(string text, int max = 200)
    {
        if (text.Length <= max)
        {
            return text;
        }

        int end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end] + "…";
    }

    /// <summary>The first refused character of <paramref name="name"/> (the first of a surrogate pair), or null.</summary>
    public static char? FirstRefused(string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]);
            bool hidden = pair ? VisibleText.IsHidden(new Rune(c, name[i + 1])) : VisibleText.IsHidden(c);
            if (hidden || c is '\\' or '\uFFFD')
            {
                return c;
            }

            i += pair ? 1 : 0;
        }

        return null;
    }

    /// <summary>The text as <see cref="VisibleText"/> shows it, with U+FFFD written out too, so it can be shown.</summary>
    public static string Visible(string text) => VisibleText.Escape(text).Replace("\uFFFD", "\\uFFFD", StringComparison.Ordinal);

    /// <summary>"U+000A" for a character.</summary>
    public static string CodePoint(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
}
