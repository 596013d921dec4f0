using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using Gate.Core.Diagnostics;

namespace Gate.Core.Reports;

/// <summary>
/// The JSON encoder of every Gate document: the relaxed encoder (non-ASCII text stays readable, the
/// files are never embedded in HTML), except that every character that would not show as itself
/// (<see cref="VisibleText.IsHidden(Rune)"/>: a bidirectional override, a zero-width space, a line
/// separator) is written <c>\uXXXX</c>. A SARIF viewer or a JSON report read by a person then cannot
/// be made to show a repository's string reordered or hidden.
/// </summary>
internal sealed class VisibleJsonEncoder : JavaScriptEncoder
{
    public static VisibleJsonEncoder Instance { get; } = new();

    private static JavaScriptEncoder Relaxed => UnsafeRelaxedJsonEscaping;

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(12, Relaxed.MaxOutputCharactersPerInputCharacter);

    public override bool WillEncode(int unicodeScalar) =>
        (Rune.IsValid(unicodeScalar) && VisibleText.IsHidden(new Rune(unicodeScalar))) || Relaxed.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        int relaxed = Relaxed.FindFirstCharacterToEncode(text, textLength);
        var span = new ReadOnlySpan<char>(text, relaxed < 0 ? textLength : relaxed);
        for (int i = 0; i < span.Length; i++)
        {
            if (VisibleText.IsHidden(span[i]))
            {
                return i;
            }
        }

        return relaxed;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        int relaxed = Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text);
        ReadOnlySpan<byte> before = relaxed < 0 ? utf8Text : utf8Text[..relaxed];
        for (int i = 0; i < before.Length;)
        {
            if (before[i] < 0x80)
            {
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(before[i..], out Rune rune, out int used) != OperationStatus.Done || VisibleText.IsHidden(rune))
            {
                return i;
            }

            i += used;
        }

        return relaxed;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!Rune.IsValid(unicodeScalar) || !VisibleText.IsHidden(new Rune(unicodeScalar)))
        {
            return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }

        Span<char> units = stackalloc char[2];
        int count = new Rune(unicodeScalar).EncodeToUtf16(units);
        numberOfCharactersWritten = 6 * count;
        if (bufferLength < numberOfCharactersWritten)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        var into = new Span<char>(buffer, bufferLength);
        for (int u = 0; u < count; u++)
        {
            $"\\u{(int)units[u]:X4}".AsSpan().CopyTo(into[(6 * u)..]);
        }

        return true;
    }
}
