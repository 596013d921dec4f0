using System.Buffers;
using System.Text.Unicode;

namespace Gate.Core.Scanning;

/// <summary>
/// What the text of a data file (JSON, JSON Lines, CSV, TSV, plain text) may not hold: invalid UTF-8,
/// and control bytes other than tab and line breaks. Such bytes are a binary file under a text name
/// (a compressed file a loader that sniffs content would decompress, say), never text.
/// </summary>
internal static class TextCheck
{
    /// <summary>U+0000–U+001F other than tab, line feed and carriage return (JSON never allows them raw either).</summary>
    private static readonly SearchValues<byte> ControlBytes =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(b => b is not ('\t' or '\n' or '\r')).Select(b => (byte)b)]);

    /// <summary>
    /// Why the text is not acceptable (invalid UTF-8, a raw control byte such as NUL), with its
    /// 1-based line in <paramref name="data"/>; null when it is fine. Unless <paramref name="final"/>,
    /// a multi-byte character cut at the end of the block is not an error.
    /// </summary>
    public static (string Message, long Line)? Find(ReadOnlySpan<byte> data, bool final)
    {
        int control = data.IndexOfAny(ControlBytes);
        ReadOnlySpan<byte> text = control >= 0 ? data[..control] : data;
        if (!Utf8.IsValid(text))
        {
            // Unless final, a character may be cut at the block's end; text that stops at a control byte is not at the end.
            int cut = final || control >= 0 ? text.Length : text.LastIndexOf((byte)'\n') + 1;
            if (!Utf8.IsValid(text[..cut]))
            {
                return ("the data is not valid UTF-8 (a binary or compressed file under a text name, or text in another encoding: save it as UTF-8)", FirstInvalidLine(text[..cut]));
            }
        }

        if (control >= 0)
        {
            return ($"a raw control byte 0x{data[control]:X2}, which text never holds (a binary or compressed file under a text name, or an unescaped character)", 1 + data[..control].Count((byte)'\n'));
        }

        return null;
    }

    private static long FirstInvalidLine(ReadOnlySpan<byte> data)
    {
        long line = 1;
        int i = 0;
        while (i < data.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(data[i..], out _, out int used) != OperationStatus.Done)
            {
                return line;
            }

            if (data[i] == (byte)'\n')
            {
                line++;
            }

            i += used;
        }

        return line;
    }
}
