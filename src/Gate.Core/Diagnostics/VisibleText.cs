using System.Globalization;
using System.Text;

namespace Gate.Core.Diagnostics;

/// <summary>
/// Text from a repository made safe to show as it is: every character that a terminal, a log or a
/// reader's eye would not show as itself — C0 and C1 controls (a line feed, an ANSI escape), DEL,
/// bidirectional overrides and isolates, line and paragraph separators — is written as <c>\uXXXX</c>.
/// A model id, a path, a generator value or a waiver's reason then cannot start a line, move the
/// cursor, recolour or hide a FAIL line, or reorder what a reviewer reads. Every text sink (the
/// command line, MSBuild, the Action's log) passes what it prints through <see cref="Escape"/>.
/// </summary>
public static class VisibleText
{
    /// <summary>Whether <paramref name="c"/> would not show as itself.</summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c) // C0, DEL, C1
        || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    public static string Escape(string text)
    {
        int first = IndexOfHidden(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (IsHidden(c))
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

    private static int IndexOfHidden(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsHidden(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
