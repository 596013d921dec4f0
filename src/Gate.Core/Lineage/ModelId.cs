using Gate.Core.Diagnostics;

namespace Gate.Core.Lineage;

/// <summary>
/// What a model id is, and when two ids name the same model. An id is a Hugging Face repository
/// id: <c>name</c> or <c>namespace/name</c>, each part 1–96 characters of ASCII letters, digits,
/// <c>-</c>, <c>_</c> and <c>.</c>, neither starting nor ending with <c>-</c> or <c>.</c>, without
/// <c>--</c> or <c>..</c>. Two ids are the same model when they are equal ignoring the case of
/// ASCII letters, as on the Hub; nothing else is folded. Because ids are ASCII, Unicode
/// normalisation and Unicode case folding never apply: an id written with a look-alike character
/// (a KELVIN SIGN for K, a Cyrillic a) is refused where it is declared, and a value read from data
/// (a generator field) that holds one never equals a declared id.
/// </summary>
internal static class ModelId
{
    public const int MaxPartLength = 96;

    /// <summary>The one comparer for model ids, everywhere: ordinal, ASCII letters case-insensitive.</summary>
    public static StringComparer Comparer { get; } = new AsciiCaseInsensitiveComparer();

    public static bool Same(string a, string b) => Comparer.Equals(a, b);

    /// <summary>The id with ASCII letters in lower case: equal keys, same model (for keys of tuples and sets).</summary>
    public static string Key(string id) => string.Create(id.Length, id, static (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = Fold(source[i]);
        }
    });

    /// <summary>Why <paramref name="id"/> is not a model id, or null when it is one.</summary>
    public static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return "it is empty";
        }

        string[] parts = id.Split('/');
        if (parts.Length > 2)
        {
            return "a model id is 'name' or 'namespace/name', with at most one '/'";
        }

        foreach (string part in parts)
        {
            if (part.Length is 0 or > MaxPartLength)
            {
                return $"each part of a model id has 1 to {MaxPartLength} characters";
            }

            foreach (char c in part)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
                {
                    return $"it holds {Describe(c)}; a model id uses only ASCII letters, digits, '-', '_' and '.'";
                }
            }

            if (part[0] is '-' or '.' || part[^1] is '-' or '.')
            {
                return "a part of a model id cannot start or end with '-' or '.'";
            }

            if (part.Contains("--", StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal))
            {
                return "a model id cannot hold '--' or '..'";
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="id"/> is a model id; otherwise reports GATE102 at its location, naming
    /// <paramref name="what"/> ("the teacher", "a base of 'x'"), and returns false.
    /// </summary>
    public static bool Check(Located<string> id, string what, InputErrorSink errors)
    {
        if (Problem(id.Value) is not { } problem)
        {
            return true;
        }

        errors.Add(InputErrorKind.InvalidValue,
            $"{what} '{id.Value}' is not a model id: {problem} (as on the Hugging Face Hub)", id.Location);
        return false;
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || c > '~'
            ? $"the character U+{(int)c:X4}"
            : $"'{c}'";

    private sealed class AsciiCaseInsensitiveComparer : StringComparer
    {
        public override int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            int n = Math.Min(x.Length, y.Length);
            for (int i = 0; i < n; i++)
            {
                int c = Fold(x[i]).CompareTo(Fold(y[i]));
                if (c != 0) return c;
            }

            return x.Length.CompareTo(y.Length);
        }

        public override bool Equals(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++)
            {
                if (Fold(x[i]) != Fold(y[i])) return false;
            }

            return true;
        }

        public override int GetHashCode(string obj)
        {
            ArgumentNullException.ThrowIfNull(obj);
            var hash = new HashCode();
            foreach (char c in obj)
            {
                hash.Add(Fold(c));
            }

            return hash.ToHashCode();
        }

    }

    /// <summary>ASCII upper-case letters to lower case; every other character as it is.</summary>
    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
