using System.Text;
using Gate.Core.Diagnostics;

namespace Gate.Core.Reports;

/// <summary>
/// Repository text made inert in GitHub-flavoured Markdown (a job summary, a PR comment, a check
/// run's summary). What a pull request writes — a path, a model id, a generator value, a message
/// that quotes them — must read as that text and nothing else: no heading or fake verdict, no raw
/// HTML, no link, no emphasis, no table cell it escapes from, no @mention that notifies someone,
/// no line break that starts a block.
/// </summary>
public static class MarkdownText
{
    private const string Markup = "\\`*_{}[]()#+!|<>~&$:";

    /// <summary>
    /// Text for a table cell or running text (never at the start of a line): every ASCII punctuation
    /// character that can start markup anywhere in a line — code, emphasis, links, images, HTML,
    /// entities, math, emoji shortcodes, a cell's end — is backslash-escaped (CommonMark reads escaped
    /// punctuation as itself, and a GFM table cell an escaped pipe); line breaks become spaces; hidden
    /// characters are made visible (<see cref="VisibleText"/>); an <c>@</c> is followed by a zero-width
    /// space so that no mention is made.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in VisibleText.Escape(text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ')))
        {
            if (c == '@')
            {
                sb.Append("@\u200B");
            }
            else if (Markup.Contains(c))
            {
                sb.Append('\\').Append(c);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Text as an inline code span in a table cell: fenced with more backticks than it holds in a row
    /// (so it cannot close the span), padded when it starts or ends with a backtick, pipes escaped
    /// (GFM splits cells before it reads code spans), line breaks as spaces, hidden characters visible.
    /// </summary>
    public static string Code(string text)
    {
        string body = VisibleText.Escape(text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' '))
            .Replace("|", "\\|", StringComparison.Ordinal);
        int longest = 0, run = 0;
        foreach (char c in body)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        string fence = new('`', longest + 1);
        string pad = body.StartsWith('`') || body.EndsWith('`') || body.Length == 0 ? " " : string.Empty;
        return fence + pad + body + pad + fence;
    }
}
