using System.Globalization;
using System.Text;

namespace Gate.Core.Diagnostics;

/// <summary>
/// Text from a repository made safe to show as it is. Every character that a terminal, a log or a
/// reader's eye would not show as itself is written as <c>\uXXXX</c> (<c>\U</c> and eight digits
/// beyond the first plane): C0 and C1 controls (a line feed, an ANSI escape), DEL, line and
/// paragraph separators, and format characters — bidirectional overrides and isolates, zero-width
/// spaces and joiners, the byte-order mark, tag characters — and the few other characters that draw
/// nothing (Hangul fillers, variation selectors, the braille blank). A backslash is written <c>\\</c>, so
/// that an escape Gate wrote and the same text in the data never look alike, and <c>##[</c> (which
/// GitHub's runner reads as a command anywhere in a line) is written <c>#\u0023[</c>. A model id, a
/// path, a generator value or a waiver's reason then cannot start a line, move the cursor, recolour
/// or hide a FAIL line, reorder or disguise what a reviewer reads, or command the runner. Every
/// text sink (the command line, MSBuild, the Action's log) passes what it prints through <see cref="Escape"/>.
/// </summary>
public static class VisibleText
{
    /// <summary>Whether <paramref name="rune"/> would not show as itself.</summary>
    public static bool IsHidden(Rune rune) =>
        Rune.IsControl(rune) // C0, DEL, C1
        || rune.Value is 0x2028 or 0x2029
        || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
        || IsBlankLetterOrSelector(rune.Value);

    /// <summary>
    /// Characters outside the format category that render as nothing: the Hangul fillers (letters that
    /// draw blank), the combining grapheme joiner, Khmer inherent vowels, the braille blank, Mongolian
    /// free variation selectors and the variation selectors. Appended to an id, they make it look like another.
    /// </summary>
    private static bool IsBlankLetterOrSelector(int c) =>
        c is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x034F or 0x17B4 or 0x17B5 or 0x2800
        || c is >= 0x180B and <= 0x180F
        || c is >= 0xFE00 and <= 0xFE0F
        || c is >= 0xE0100 and <= 0xE01EF;

    /// <summary>Whether the character would not show as itself; a lone surrogate never does.</summary>
    public static bool IsHidden(char c) => char.IsSurrogate(c) || IsHidden(new Rune(c));

    public static string Escape(string text)
    {
        if (!NeedsEscape(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[i]:X4}"); // a lone surrogate
                i++;
                continue;
            }

            if (rune.Value == '\\')
            {
                sb.Append(@"\\");
            }
            else if (rune.Value == '#' && text.AsSpan(i).StartsWith("##[", StringComparison.Ordinal))
            {
                sb.Append(@"#\u0023");
                used = 2;
            }
            else if (IsHidden(rune))
            {
                sb.Append(rune.IsBmp
                    ? string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\U{rune.Value:X8}"));
            }
            else
            {
                sb.Append(text, i, used);
            }

            i += used;
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        foreach (char c in text)
        {
            if (c is '\\' or '#' || c > '~' || c < ' ')
            {
                return true;
            }
        }

        return false;
    }
}
