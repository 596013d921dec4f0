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
    /// characters are made visible (<see cref="VisibleText"/>); a zero-width space follows every
    /// <c>@</c>, <c>#</c>, <c>www</c> before a dot and <c>:</c> before <c>//</c>, so that no mention,
    /// reference or autolink is made.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        string visible = VisibleText.Escape(text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' '));
        for (int i = 0; i < visible.Length; i++)
        {
            char c = visible[i];
            if (c == '@')
            {
                sb.Append("@\u200B"); // no mention
            }
            else if (c == '#')
            {
                sb.Append("\\#\u200B"); // no issue or pull request reference
            }
            else if (c is 'w' or 'W' && visible.AsSpan(i).StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            {
                sb.Append(visible, i, 3).Append('\u200B'); // no www. autolink
                i += 2;
            }
            else if (c == ':' && visible.AsSpan(i).StartsWith("://", StringComparison.Ordinal))
            {
                sb.Append("\\:\u200B"); // no URL autolink
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
