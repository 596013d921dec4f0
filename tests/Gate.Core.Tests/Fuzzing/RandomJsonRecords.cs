using System.Globalization;
using System.Text;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>Random JSON Lines for the scanner fuzzers: each record in a raw form and an escaped form (text characters as \uXXXX).</summary>
internal static class RandomJsonRecords
{
    /// <summary>When set, no piece holds a text escape (for comparisons with the scanner before fingerprint version 3).</summary>
    public static bool NoTextEscapes { get; set; }

    private static readonly string[] NonAscii = ["é", "中", "Ж", "—", "\u00A0", "\u0085", "\u2028", "😀", "𝔸", "ß", "ｱ", "\uFEFF", "\u00E9\u0301"];
    private static readonly string[] SameInBoth = ["\\n", "\\t", "\\\"", "\\\\", "\\/", "\\u0022", "\\u005c", "\\u000a", "\\u002D", "\\\\u00e9", "\\\\\\u0041", " ", ",", ".", "-", ":", "  "];

    /// <summary>Appends one text piece to both forms; text characters are escaped in <paramref name="escaped"/> with probability <paramref name="p"/>.</summary>
    public static void Piece(Random r, StringBuilder raw, StringBuilder escaped, double p, bool allowEscapes = true)
    {
        switch (r.Next(allowEscapes ? 6 : 5))
        {
            case 0:
            case 1:
            {
                int n = r.Next(1, 14);
                for (int i = 0; i < n; i++)
                {
                    Char(r, raw, escaped, (char)(r.Next(2) == 0 ? 'a' + r.Next(26) : 'A' + r.Next(26)), p);
                }

                break;
            }

            case 2:
            {
                int n = r.Next(10) == 0 ? r.Next(4, 80) : r.Next(1, 5);
                for (int i = 0; i < n; i++)
                {
                    Char(r, raw, escaped, (char)('0' + r.Next(10)), p);
                }

                break;
            }

            case 3:
            {
                string s = NonAscii[r.Next(NonAscii.Length)];
                for (int i = 0; i < s.Length; i++)
                {
                    if (char.IsHighSurrogate(s[i]))
                    {
                        // A pair is escaped whole (two \u escapes) or written raw.
                        bool esc = !NoTextEscapes && r.NextDouble() < p;
                        raw.Append(s, i, 2);
                        if (esc)
                        {
                            escaped.Append("\\u").Append(((int)s[i]).ToString("x4", CultureInfo.InvariantCulture)).Append("\\u").Append(((int)s[i + 1]).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            escaped.Append(s, i, 2);
                        }

                        i++;
                        continue;
                    }

                    Char(r, raw, escaped, s[i], p);
                }

                break;
            }

            case 4:
            {
                string s = r.Next(3) == 0 ? SameInBoth[r.Next(5)] : SameInBoth[11 + r.Next(SameInBoth.Length - 11)];
                raw.Append(s);
                escaped.Append(s);
                break;
            }

            default:
            {
                string s = SameInBoth[r.Next(SameInBoth.Length)];
                if (NoTextEscapes && s == "\\\\\\u0041")
                {
                    s = "\\\\";
                }

                raw.Append(s);
                escaped.Append(s);
                break;
            }
        }
    }

    private static void Char(Random r, StringBuilder raw, StringBuilder escaped, char c, double p)
    {
        p = NoTextEscapes ? 0 : p;
        raw.Append(c);
        if (r.NextDouble() < p)
        {
            escaped.Append("\\u").Append(((int)c).ToString(r.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture));
        }
        else
        {
            escaped.Append(c);
        }
    }

    /// <summary>One JSON object record, raw and escaped; keys escaped only when <paramref name="escapeKeys"/>.</summary>
    public static (string Raw, string Escaped) Record(Random r, double p, bool escapeKeys, string? generatorField = null, int maxPieces = 12)
    {
        var raw = new StringBuilder("{");
        var esc = new StringBuilder("{");
        int fields = r.Next(1, 5);
        for (int f = 0; f < fields; f++)
        {
            if (f > 0)
            {
                raw.Append(r.Next(3) == 0 ? ", " : ",");
                esc.Append(raw[^1] == ' ' ? ", " : ",");
            }

            string key = generatorField is not null && r.Next(4) == 0 ? generatorField : "k" + "abcdefgh"[r.Next(8)] + (r.Next(3) == 0 ? "é" : "");
            raw.Append('"').Append(key).Append('"');
            esc.Append('"');
            foreach (char c in key)
            {
                Char(r, new StringBuilder(), esc, c, escapeKeys ? p : 0);
            }

            esc.Append('"');
            string colon = r.Next(3) == 0 ? " : " : ":";
            raw.Append(colon);
            esc.Append(colon);
            if (key == generatorField)
            {
                string g = "model-" + r.Next(4);
                raw.Append('"').Append(g).Append('"');
                esc.Append('"').Append(g).Append('"');
                continue;
            }

            switch (r.Next(6))
            {
                case 0:
                {
                    string num = r.Next(100000).ToString(CultureInfo.InvariantCulture);
                    raw.Append(num);
                    esc.Append(num);
                    break;
                }

                case 1:
                {
                    raw.Append('[');
                    esc.Append('[');
                    int n = r.Next(0, 4);
                    for (int i = 0; i < n; i++)
                    {
                        if (i > 0)
                        {
                            raw.Append(',');
                            esc.Append(',');
                        }

                        raw.Append('"');
                        esc.Append('"');
                        Piece(r, raw, esc, p);
                        raw.Append('"');
                        esc.Append('"');
                    }

                    raw.Append(']');
                    esc.Append(']');
                    break;
                }

                default:
                {
                    raw.Append('"');
                    esc.Append('"');
                    int n = r.Next(0, maxPieces);
                    for (int i = 0; i < n; i++)
                    {
                        Piece(r, raw, esc, p);
                    }

                    raw.Append('"');
                    esc.Append('"');
                    break;
                }
            }
        }

        raw.Append('}');
        esc.Append('}');
        return (raw.ToString(), esc.ToString());
    }
}
