using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gate.Core.Scanning;

/// <summary>
/// JSON <c>\u</c> escapes of text characters. Writers that escape non-ASCII text (Python's
/// <c>json.dumps</c> by default, .NET's <c>Utf8JsonWriter</c>) store "café" as <c>caf\u00e9</c>; the
/// tokens counted are those of the text, so such escapes are decoded to UTF-8 before tokens are
/// found. Every other escape (<c>\n</c>, <c>\"</c>, <c>\u0022</c>, a control character) stays as
/// written and, as in any JSON string, is no part of a token.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>Whether <paramref name="data"/>[<paramref name="p"/>..] is <c>\uXXXX</c> standing for a token character: any non-ASCII one, an ASCII letter or digit.</summary>
    public static bool IsTextEscape(ReadOnlySpan<byte> data, int p) => IsText(CodeUnit(data, p));

    /// <summary>
    /// Copies <paramref name="data"/>[<paramref name="s"/>, <paramref name="e"/>) into
    /// <paramref name="into"/> with every text escape decoded to UTF-8 (a surrogate pair as one
    /// character, a lone surrogate as U+FFFD) and returns the length written, never more than the
    /// range's: an escape takes six bytes, its character at most four. <paramref name="backslash"/>
    /// marks the data's backslashes (as <see cref="StructuralKernels.Classify"/> does).
    /// </summary>
    public static int DecodeText(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> backslash, int s, int e, Span<byte> into)
    {
        ReadOnlySpan<byte> record = data[..e];
        int written = 0, copied = s;
        for (int p = BitScan.NextSet(backslash, s, e); p < e; p = BitScan.NextSet(backslash, p + 2, e))
        {
            int unit = CodeUnit(record, p);
            if (!IsText(unit))
            {
                // Kept whole (the byte after it too), so an escaped backslash never starts another escape.
                continue;
            }

            record[copied..p].CopyTo(into[written..]);
            written += p - copied;
            int codePoint = unit, used = 6;
            if (char.IsHighSurrogate((char)unit))
            {
                int low = CodeUnit(record, p + 6);
                (codePoint, used) = low >= 0 && char.IsLowSurrogate((char)low) ? (char.ConvertToUtf32((char)unit, (char)low), 12) : (0xFFFD, 6);
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                codePoint = 0xFFFD;
            }

            written += new Rune(codePoint).EncodeToUtf8(into[written..]);
            copied = p + used;
            p = copied - 2; // the next backslash is searched from the escape's end
        }

        record[copied..].CopyTo(into[written..]);
        return written + (e - copied);
    }

    /// <summary>
    /// The text of a JSON string's contents (between its quotes), for contents that hold an escape
    /// (the bytes themselves otherwise): the decoded UTF-8 (<c>Qwen\/Qwen2.5</c> is <c>Qwen/Qwen2.5</c>, as every JSON
    /// reader takes it); contents that do not decode (a malformed escape) stay as written.
    /// </summary>
    public static ReadOnlySpan<byte> StringText(ReadOnlySpan<byte> contents)
    {
        if (!contents.Contains((byte)'\\'))
        {
            return contents;
        }

        byte[] quoted = new byte[contents.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        contents.CopyTo(quoted.AsSpan(1));
        try
        {
            // Unescaped text is never longer than its escaped form.
            var reader = new Utf8JsonReader(quoted);
            byte[] text = new byte[contents.Length];
            return reader.Read() && reader.TokenType == JsonTokenType.String ? text.AsSpan(0, reader.CopyString(text)) : contents;
        }
        catch (JsonException)
        {
            return contents;
        }
        catch (InvalidOperationException)
        {
            return contents; // a lone surrogate escape cannot become a .NET string
        }
    }

    /// <summary>
    /// Whether every escape in a JSON string's contents is one JSON allows (<c>\"</c> <c>\\</c>
    /// <c>\/</c> <c>\b</c> <c>\f</c> <c>\n</c> <c>\r</c> <c>\t</c>, <c>\u</c> and four hex digits).
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> contents)
    {
        for (int i = contents.IndexOf((byte)'\\'); i >= 0; i = contents.IndexOf((byte)'\\'))
        {
            if (i + 1 >= contents.Length)
            {
                return false;
            }

            byte escape = contents[i + 1];
            if (escape == (byte)'u')
            {
                if (i + 6 > contents.Length || !System.Buffers.Text.Utf8Parser.TryParse(contents.Slice(i + 2, 4), out ushort _, out int used, 'x') || used != 4)
                {
                    return false;
                }

                contents = contents[(i + 6)..];
                continue;
            }

            if (escape is not ((byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t'))
            {
                return false;
            }

            contents = contents[(i + 2)..];
        }

        return true;
    }

    /// <summary>
    /// Writes the decoded text of a JSON string's contents into <paramref name="into"/>, with every
    /// quote and backslash escaped again (<c>\"</c>, <c>\\</c>): one spelling per string, for hashing
    /// a record as readers read it. False, with nothing promised in <paramref name="into"/>, when an
    /// escape is malformed. Never writes more than the contents' length.
    /// </summary>
    public static bool TryCanonical(ReadOnlySpan<byte> contents, Span<byte> into, out int written)
    {
        written = 0;
        for (int i = 0; i < contents.Length; i++)
        {
            // The text between escapes is copied as a run, not byte by byte.
            int run = contents[i..].IndexOf((byte)'\\');
            if (run != 0)
            {
                int take = run < 0 ? contents.Length - i : run;
                contents.Slice(i, take).CopyTo(into[written..]);
                written += take;
                i += take;
                if (i >= contents.Length)
                {
                    break;
                }
            }

            if (i + 1 >= contents.Length)
            {
                return false;
            }

            byte escape = contents[++i];
            int codePoint;
            switch (escape)
            {
                case (byte)'"' or (byte)'\\':
                    into[written++] = (byte)'\\';
                    into[written++] = escape;
                    continue;
                case (byte)'/':
                    into[written++] = (byte)'/';
                    continue;
                case (byte)'b': codePoint = '\b'; break;
                case (byte)'f': codePoint = '\f'; break;
                case (byte)'n': codePoint = '\n'; break;
                case (byte)'r': codePoint = '\r'; break;
                case (byte)'t': codePoint = '\t'; break;
                case (byte)'u':
                    int unit = CodeUnit(contents, i - 1);
                    if (unit < 0)
                    {
                        return false;
                    }

                    i += 4;
                    codePoint = unit;
                    if (char.IsHighSurrogate((char)unit) && CodeUnit(contents, i + 1) is var low && low >= 0 && char.IsLowSurrogate((char)low))
                    {
                        codePoint = char.ConvertToUtf32((char)unit, (char)low);
                        i += 6;
                    }
                    else if (char.IsSurrogate((char)unit))
                    {
                        codePoint = 0xFFFD;
                    }

                    break;
                default:
                    return false;
            }

            if (codePoint is '"' or '\\')
            {
                into[written++] = (byte)'\\';
                into[written++] = (byte)codePoint;
            }
            else
            {
                written += new Rune(codePoint).EncodeToUtf8(into[written..]);
            }
        }

        return true;
    }

    private static bool IsText(int unit) => unit >= 0x80 || (unit >= 0 && char.IsAsciiLetterOrDigit((char)unit));

    /// <summary>The 16-bit code unit of <c>\uXXXX</c> at <paramref name="p"/>, or -1 when there is none.</summary>
    private static int CodeUnit(ReadOnlySpan<byte> data, int p)
    {
        if (p + 6 > data.Length || data[p] != (byte)'\\' || data[p + 1] != (byte)'u')
        {
            return -1;
        }

        return ushort.TryParse(data.Slice(p + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort unit) ? unit : -1;
    }
}
