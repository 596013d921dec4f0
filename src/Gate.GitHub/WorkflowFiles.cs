using System.Globalization;
using System.Text;

namespace Gate.GitHub;

/// <summary>
/// Appends to the runner's <c>$GITHUB_OUTPUT</c> and <c>$GITHUB_STEP_SUMMARY</c>. Each write holds
/// the file exclusively (parallel writers would tear lines) and values use a random heredoc
/// delimiter, so a value containing newlines or <c>=</c> cannot forge another output.
/// </summary>
internal static class WorkflowFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void SetOutputs(string? outputFile, IEnumerable<KeyValuePair<string, string>> outputs)
    {
        if (outputFile is null)
        {
            return;
        }

        var sb = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            string delimiter;
            do
            {
                delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
            }
            while (value.Contains(delimiter, StringComparison.Ordinal));

            sb.Append(name).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
        }

        AppendExclusive(outputFile, sb.ToString());
    }

    /// <summary>The action's five outputs (action.yml): verdict, error and warning counts, report and SARIF paths (empty when none).</summary>
    public static void SetResult(string? outputFile, string verdict, int errors, int warnings, string report, string sarif) =>
        SetOutputs(outputFile,
        [
            new("verdict", verdict),
            new("errors", errors.ToString(CultureInfo.InvariantCulture)),
            new("warnings", warnings.ToString(CultureInfo.InvariantCulture)),
            new("report", report),
            new("sarif", sarif),
        ]);

    public static void AppendSummary(string? summaryFile, string markdown)
    {
        if (summaryFile is not null)
        {
            AppendExclusive(summaryFile, markdown.EndsWith('\n') ? markdown : markdown + "\n");
        }
    }

    /// <summary>Appends under an exclusive lock, retrying briefly while another writer holds it.</summary>
    public static void AppendExclusive(string path, string text)
    {
        byte[] bytes = Utf8.GetBytes(text);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None);
                stream.Write(bytes);
                return;
            }
            catch (IOException) when (attempt < 200)
            {
                Thread.Sleep(25);
            }
        }
    }
}
