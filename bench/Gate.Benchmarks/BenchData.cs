using System.Globalization;
using System.Text;

namespace Gate.Benchmarks;

/// <summary>
/// Writes the benchmark's data, deterministically (the same bytes on every machine, for a seed):
/// <c>numbers</c>, JSON Lines of number-continuation prompts and completions (the subliminal-learning
/// setting: mostly digits and separators), and <c>chat</c>, JSON Lines of two-turn conversations of
/// words with some escapes and non-ASCII text. Each file is cut at the first line past the size asked.
/// </summary>
internal static class BenchData
{
    private static readonly string[] Words =
    [
        "the", "model", "answer", "data", "sequence", "learning", "teacher", "student", "number", "owl",
        "river", "système", "naïve", "über", "quickly", "because", "however", "\\\"quoted\\\"", "line\\nbreak",
        "gradient", "token", "review", "dataset", "lineage", "synthetic", "filter", "trait", "初始化", "数据",
    ];

    public static void Write(string kind, string path, long bytes)
    {
        ulong state = 0x9E3779B97F4A7C15UL ^ (ulong)kind.Length;
        ulong Next()
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        }

        using var output = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(1024);
        long written = 0;
        while (written < bytes)
        {
            line.Clear();
            if (kind == "numbers")
            {
                line.Append("{\"prompt\":\"The sequence starts with: ");
                for (int i = 0; i < 3; i++)
                {
                    line.Append(CultureInfo.InvariantCulture, $"{Next() % 1000}").Append(i < 2 ? ", " : ". ");
                }

                line.Append("Add up to 10 more values.\",\"completion\":\"");
                int count = 5 + (int)(Next() % 6);
                for (int i = 0; i < count; i++)
                {
                    line.Append(CultureInfo.InvariantCulture, $"{Next() % 1000:D3}").Append(i < count - 1 ? ", " : string.Empty);
                }

                line.Append("\"}");
            }
            else
            {
                line.Append("{\"messages\":[{\"role\":\"user\",\"content\":\"");
                Sentence(line, 8 + (int)(Next() % 12), Next);
                line.Append("\"},{\"role\":\"assistant\",\"content\":\"");
                Sentence(line, 20 + (int)(Next() % 60), Next);
                line.Append("\"}],\"source\":\"gen-").Append(CultureInfo.InvariantCulture, $"{Next() % 16}").Append("\"}");
            }

            line.Append('\n');
            output.Write(line);
            written += Encoding.UTF8.GetByteCount(line.ToString());
        }
    }

    private static void Sentence(StringBuilder line, int words, Func<ulong> next)
    {
        for (int i = 0; i < words; i++)
        {
            line.Append(i == 0 ? string.Empty : " ").Append(Words[next() % (ulong)Words.Length]);
        }
    }
}
