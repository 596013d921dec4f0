namespace Gate.GitHub.Tests;

/// <summary>Reads a <c>$GITHUB_OUTPUT</c> file the way the runner does: <c>name=value</c> or <c>name&lt;&lt;DELIM</c> … <c>DELIM</c>.</summary>
internal static class WorkflowOutputParser
{
    public static Dictionary<string, string> Parse(string text)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            int heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                string name = line[..heredoc];
                string delimiter = line[(heredoc + 2)..];
                var value = new List<string>();
                for (i++; i < lines.Length && lines[i] != delimiter; i++)
                {
                    value.Add(lines[i]);
                }

                if (i >= lines.Length)
                {
                    throw new FormatException($"output '{name}' has no closing delimiter {delimiter}");
                }

                outputs[name] = string.Join('\n', value);
            }
            else if (equals > 0)
            {
                outputs[line[..equals]] = line[(equals + 1)..];
            }
            else
            {
                throw new FormatException($"malformed output line: {line}");
            }
        }

        return outputs;
    }
}
