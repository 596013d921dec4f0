using System.Text;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>
/// A small deterministic mutation fuzzer: from valid seed documents it makes inputs that are
/// nearly right — truncated, with bytes flipped, YAML punctuation inserted, lines duplicated,
/// deleted or re-indented — the inputs most likely to reach unusual parser states.
/// </summary>
internal sealed class MutationFuzzer(ulong seed)
{
    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", ":", ": ", "- ", ",", "&a ", "*a", "!!", "!tag ", "\"", "'", "\n", "\r\n", "\t", "#", "---\n", "...\n",
        "? ", "|", ">", "%YAML 1.2\n", "\\", "\u00e9", "\ufeff", "\0", "~", "null", "true", "0x1F", "1e9", "2026-02-30", "..", "/", "**",
    ];

    private readonly SplitMix64 _random = new(seed);

    public string Mutate(string document)
    {
        var text = new StringBuilder(document);
        int mutations = 1 + Next(4);
        for (int m = 0; m < mutations; m++)
        {
            int position = text.Length == 0 ? 0 : Next(text.Length + 1);
            switch (Next(7))
            {
                case 0:
                    text.Length = position; // truncate
                    break;
                case 1 when text.Length > 0:
                    int at = Math.Min(position, text.Length - 1);
                    text[at] = (char)(text[at] ^ (1 << Next(7))); // flip a bit
                    break;
                case 2:
                    text.Insert(position, Tokens[Next(Tokens.Length)]);
                    break;
                case 3:
                    string[] lines = text.ToString().Split('\n');
                    int line = Next(lines.Length);
                    text.Clear().AppendJoin('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1))); // duplicate a line
                    break;
                case 4:
                    string[] all = text.ToString().Split('\n');
                    int drop = Next(all.Length);
                    text.Clear().AppendJoin('\n', all.Where((_, i) => i != drop)); // delete a line
                    break;
                case 5:
                    string[] indent = text.ToString().Split('\n');
                    int k = Next(indent.Length);
                    indent[k] = Next(2) == 0 ? "  " + indent[k] : indent[k].TrimStart(); // re-indent a line
                    text.Clear().AppendJoin('\n', indent);
                    break;
                default:
                    text.Insert(position, new string(Tokens[Next(Tokens.Length)][0], 1 + Next(64))); // a run of one character
                    break;
            }
        }

        return text.ToString();
    }

    private int Next(int bound) => _random.Next(bound);
}
