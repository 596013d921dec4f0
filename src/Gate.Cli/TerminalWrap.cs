namespace Gate.Cli;

/// <summary>
/// Long report lines wrapped at the terminal's width, at spaces, continued with the line's own
/// indentation plus four spaces: only on a terminal (never into a file, a pipe or a CI log, where a
/// line must stay whole for tools that read it).
/// </summary>
internal static class TerminalWrap
{
    /// <summary>The terminal's width, or null when output is not a terminal or the width is unknown.</summary>
    public static int? Width()
    {
        if (Console.IsOutputRedirected || WorkflowLog.InActions)
        {
            return null;
        }

        try
        {
            return Console.WindowWidth is > 20 and var width ? width : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string Apply(string text, int width)
    {
        var result = new System.Text.StringBuilder(text.Length + 64);
        foreach (string line in text.Split('\n'))
        {
            if (result.Length > 0)
            {
                result.Append('\n');
            }

            string indent = new(' ', line.Length - line.TrimStart(' ').Length + 4);
            string rest = line;
            while (rest.Length > width)
            {
                int cut = rest.LastIndexOf(' ', width - 1);
                if (cut <= indent.Length)
                {
                    break; // one long word: left whole
                }

                result.Append(rest[..cut]).Append('\n');
                rest = indent + rest[(cut + 1)..].TrimStart(' ');
            }

            result.Append(rest);
        }

        return result.ToString();
    }
}
