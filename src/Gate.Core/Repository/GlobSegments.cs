using System.Text.RegularExpressions;

namespace Gate.Core.Repository;

/// <summary>
/// One brace alternative of a <see cref="Glob"/> as a list of path segments (<c>**</c>, or a
/// pattern for one name), to answer questions about folders rather than files: could anything
/// below this folder match, and does everything below it match.
/// </summary>
internal sealed class GlobSegments
{
    /// <summary>Beyond this many brace alternatives the questions are answered conservatively (see <see cref="Of"/>).</summary>
    private const int MaxAlternatives = 256;

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline;

    private readonly string[] _segments;
    private readonly Regex?[] _matchers;

    private GlobSegments(string[] segments)
    {
        _segments = segments;
        _matchers = segments.Select(s => s == "**" ? null : new Regex("^" + Glob.Translate(s) + "\\z", Options)).ToArray();
    }

    /// <summary>
    /// The alternatives of a pattern. A pattern with more than <see cref="MaxAlternatives"/> is kept
    /// as one <c>**</c>: it "may match below" every folder (so a folder Gate cannot enter is refused)
    /// and never "matches all below" one (so nothing is taken as excluded).
    /// </summary>
    public static GlobSegments[] Of(string pattern)
    {
        var alternatives = new List<string>();
        return Expand(pattern, alternatives)
            ? alternatives.Select(a => new GlobSegments(a.Split('/'))).ToArray()
            : [new GlobSegments(["**"]) { Conservative = true }];
    }

    private bool Conservative { get; init; }

    /// <summary>Whether something left of the glob, once the folder's names are matched, could match a name below it.</summary>
    public bool MayMatchBelow(string[] folder) => Walk(folder, i => i < _segments.Length);

    /// <summary>Whether, once the folder's names are matched, all that is left is <c>**</c>: every name at every depth below matches.</summary>
    public bool MatchesAllBelow(string[] folder) =>
        !Conservative && Walk(folder, i => i < _segments.Length && _segments.Skip(i).All(s => s == "**"));

    /// <summary>
    /// Matches the folder's names against the glob's segments, <c>**</c> standing for any number of
    /// them, and asks <paramref name="atFolderEnd"/> about the segments left where the folder ends.
    /// </summary>
    private bool Walk(string[] folder, Func<int, bool> atFolderEnd)
    {
        var memo = new Dictionary<(int, int), bool>();
        return Step(0, 0);

        bool Step(int i, int j)
        {
            if (j == folder.Length)
            {
                return atFolderEnd(i);
            }

            if (i == _segments.Length)
            {
                return false;
            }

            if (memo.TryGetValue((i, j), out bool known))
            {
                return known;
            }

            bool result = _matchers[i] is not { } matcher
                ? Step(i + 1, j) || Step(i, j + 1)
                : matcher.IsMatch(folder[j]) && Step(i + 1, j + 1);
            memo[(i, j)] = result;
            return result;
        }
    }

    /// <summary>Expands <c>{a,b}</c> alternatives (nested too) into <paramref name="into"/>; false when there are too many.</summary>
    private static bool Expand(string pattern, List<string> into)
    {
        int open = -1, depth = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '{')
            {
                if (depth++ == 0)
                {
                    open = i;
                }
            }
            else if (pattern[i] == '}' && depth > 0 && --depth == 0)
            {
                string head = pattern[..open], tail = pattern[(i + 1)..];
                foreach (string choice in SplitTopLevel(pattern[(open + 1)..i]))
                {
                    if (!Expand(head + choice + tail, into) || into.Count > MaxAlternatives)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        into.Add(pattern);
        return into.Count <= MaxAlternatives;
    }

    private static IEnumerable<string> SplitTopLevel(string inside)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < inside.Length; i++)
        {
            switch (inside[i])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return inside[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return inside[start..];
    }
}
