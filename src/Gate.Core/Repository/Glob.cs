using System.Text;
using System.Text.RegularExpressions;
using Gate.Core.Diagnostics;

namespace Gate.Core.Repository;

/// <summary>
/// A path glob over forward-slash relative paths: <c>**</c> (any number of folders), <c>*</c> and
/// <c>?</c> (within one name), <c>{a,b}</c> (alternatives). Matching is ordinal and case-sensitive,
/// as on the Linux runners that CI uses. Compiled to a non-backtracking regex: matching is linear
/// in the path, whatever pattern a policy holds.
/// </summary>
public sealed class Glob
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline;
    private readonly Regex _regex;
    private readonly Lazy<GlobSegments[]> _segments;

    private Glob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
        _segments = new Lazy<GlobSegments[]>(() => GlobSegments.Of(pattern));
    }

    public string Pattern { get; }

    /// <summary>The folder part before the first wildcard: <c>models/**/README.md</c> → <c>models</c>.</summary>
    public string FixedPrefix
    {
        get
        {
            string[] segments = Pattern.Split('/');
            int fixedCount = 0;
            while (fixedCount < segments.Length - 1 && !HasWildcard(segments[fixedCount]))
            {
                fixedCount++;
            }

            return string.Join('/', segments.Take(fixedCount));
        }
    }

    public bool HasWildcards => HasWildcard(Pattern);

    /// <summary>Whether a path holds glob syntax; <c>[</c> is matched literally, so it is none.</summary>
    public static bool HasWildcard(string text) => text.AsSpan().IndexOfAny("*?{") >= 0;

    /// <summary>The longest glob Gate reads: enough for any real pattern, short enough that matching stays cheap.</summary>
    public const int MaxLength = 1024;

    /// <summary>The deepest nesting of <c>{a,b}</c> alternatives.</summary>
    public const int MaxBraceDepth = 8;

    /// <summary>Parses a glob; one that is too long, too deeply nested or too large to match is a <see cref="FormatException"/>.</summary>
    public static Glob Parse(string pattern)
    {
        string normalized = pattern.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        if (normalized.Length > MaxLength)
        {
            throw new FormatException($"the glob is {normalized.Length} characters long; a glob has at most {MaxLength}");
        }

        try
        {
            // \z, not $: '$' would also match before a final line feed, so 'a.jsonl' + LF would match '*.jsonl'.
            // Singleline: a trailing ** ('.*') must match every character a file name can hold.
            return new Glob(normalized, new Regex("^" + Translate(normalized) + "\\z", Options));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new FormatException($"the glob '{normalized}' is too complex to match ({ex.Message.Split('.')[0]}); write a simpler one");
        }
    }

    /// <summary>The parsed glob, or null when it does not parse: then the reason is reported at <paramref name="at"/>, where it was written.</summary>
    internal static Glob? ParseOrReport(string pattern, SourceLocation at, InputErrorSink errors)
    {
        try
        {
            return Parse(pattern);
        }
        catch (FormatException ex)
        {
            errors.Add(InputErrorKind.InvalidValue, ex.Message, at);
            return null;
        }
    }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);

    /// <summary>
    /// Whether some path below <paramref name="folder"/> (<c>folder/…</c>, at any depth) could match:
    /// the exact answer, not a guess from sample names, so a folder Gate cannot enter is refused
    /// whenever anything in it could be selected.
    /// </summary>
    public bool MayMatchBelow(string folder) => _segments.Value.Any(p => p.MayMatchBelow(SegmentsOf(folder)));

    /// <summary>Whether every path below <paramref name="folder"/> matches (the glob covers the whole folder, as <c>folder/**</c> does).</summary>
    public bool MatchesAllBelow(string folder) => _segments.Value.Any(p => p.MatchesAllBelow(SegmentsOf(folder)));

    private static string[] SegmentsOf(string folder) => folder.Length == 0 ? [] : folder.Split('/');

    /// <summary>The regex text of a glob (or of one segment of it), without anchors.</summary>
    internal static string Translate(string pattern)
    {
        var sb = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    bool segmentStart = i == 0 || pattern[i - 1] == '/';
                    bool segmentEnd = i + 2 == pattern.Length || pattern[i + 2] == '/';
                    if (segmentStart && segmentEnd)
                    {
                        if (i + 2 < pattern.Length)
                        {
                            sb.Append("(?:[^/]+/)*"); // "**/" : zero or more folders
                            i += 2;                    // also skip the slash
                        }
                        else
                        {
                            sb.Append(".*");           // trailing "**": everything below
                            i += 1;
                        }
                    }
                    else
                    {
                        sb.Append("[^/]*");
                        i += 1;
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '{':
                    if (++braces > MaxBraceDepth)
                    {
                        throw new FormatException($"the glob '{pattern}' nests '{{' more than {MaxBraceDepth} deep");
                    }

                    sb.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    sb.Append(')');
                    break;
                case ',' when braces > 0:
                    sb.Append('|');
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (braces != 0)
        {
            throw new FormatException($"unbalanced '{{' in the glob '{pattern}'");
        }

        return sb.ToString();
    }
}
