using System.Globalization;
using System.Text;

namespace Gate.Core.Reports;

/// <summary>
/// Text as a quoted Mermaid node label: letters, digits, spaces and <c>. _ - / : +</c> stay; every
/// other character is written as Mermaid's entity code <c>#NNN;</c>. A label then cannot close its
/// quotes or its node, start a new statement, or close the Markdown code fence the graph sits in.
/// </summary>
internal static class MermaidText
{
    public static string Label(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is ' ' or '.' or '_' or '-' or '/' or ':' or '+'))
            {
                sb.Append((char)rune.Value);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"#{rune.Value};");
            }
        }

        return sb.ToString();
    }
}
