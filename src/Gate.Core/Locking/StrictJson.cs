using System.Text.Json;

namespace Gate.Core.Locking;

/// <summary>
/// A JSON value read strictly, with the line it starts on: what <see cref="LockFileReader"/> walks.
/// <see cref="JsonDocument"/> keeps the last of two equal keys and knows no lines; a lock whose
/// second <c>"sha256"</c> silently wins would let a hand edit hide from review, so duplicate keys are
/// refused here, where the line of the second one is known.
/// </summary>
internal abstract record StrictJson(int Line)
{
    public const int MaxDepth = 16;

    /// <summary>Parses <paramref name="utf8"/>; a syntax error or a duplicate key is a <see cref="StrictJsonException"/> at its line.</summary>
    public static StrictJson Parse(ReadOnlySpan<byte> utf8) => Parse(utf8, null, null);

    /// <summary>
    /// Parses <paramref name="utf8"/>, handing each item of the top-level object's array
    /// <paramref name="streamedKey"/> to <paramref name="onItem"/> as soon as it is read instead of
    /// keeping it: that array is left empty in the result. A lock of many datasets is then never
    /// held as a tree of every value at once (several times the file's size).
    /// </summary>
    private static StrictJson Parse(ReadOnlySpan<byte> utf8, string? streamedKey, Action<StrictJson>? onItem)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var lines = new LineCounter(utf8);
        try
        {
            if (!reader.Read())
            {
                throw new StrictJsonException("the file is empty", 1);
            }

            StrictJson value = ReadValue(ref reader, utf8, ref lines, new Streaming(streamedKey, onItem), depth: 0);
            if (reader.Read())
            {
                throw new StrictJsonException("more than one JSON value", lines.LineAt((int)reader.TokenStartIndex));
            }

            return value;
        }
        catch (JsonException ex)
        {
            throw new StrictJsonException(ex.Message.Split(" LineNumber")[0].TrimEnd('.', ' '), (int)(ex.LineNumber ?? 0) + 1);
        }
    }

    /// <summary>
    /// Parses <paramref name="utf8"/>, reading each item of the top-level array <paramref name="key"/>
    /// with <paramref name="read"/> (given the items read so far) as the parser reaches it. The
    /// first <typeparamref name="TProblem"/> an item throws is kept, and items after it are skipped,
    /// so the caller can let a syntax error anywhere (thrown here) or a problem of the top-level
    /// object win over it, and then throw it: no problem is swallowed.
    /// </summary>
    public static StrictJson ParseStreamed<TItem, TProblem>(ReadOnlySpan<byte> utf8, string key, Func<StrictJson, IReadOnlyList<TItem>, TItem> read, out List<TItem> items, out TProblem? firstProblem)
        where TProblem : Exception
    {
        var collected = new List<TItem>();
        TProblem? problem = null;
        StrictJson root = Parse(utf8, key, item =>
        {
            if (problem is not null)
            {
                return;
            }

            try
            {
                collected.Add(read(item, collected));
            }
            catch (TProblem ex)
            {
                problem = ex;
            }
        });
        items = collected;
        firstProblem = problem;
        return root;
    }

    /// <summary>"a string", "null"…: for messages.</summary>
    public abstract string Kind { get; }

    private readonly record struct Streaming(string? Key, Action<StrictJson>? OnItem);

    private static StrictJson ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, ref LineCounter lines, Streaming streaming, int depth)
    {
        int line = lines.LineAt((int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var properties = new List<KeyValuePair<string, StrictJson>>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    int keyLine = lines.LineAt((int)reader.TokenStartIndex);
                    string name = Text(ref reader, keyLine);
                    if (!names.Add(name))
                    {
                        throw new StrictJsonException($"the key \"{name}\" appears twice in one object; JSON readers disagree on which one wins", keyLine);
                    }

                    reader.Read();
                    if (depth == 0 && name == streaming.Key && streaming.OnItem is { } onItem && reader.TokenType == JsonTokenType.StartArray)
                    {
                        int arrayLine = lines.LineAt((int)reader.TokenStartIndex);
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            onItem(ReadValue(ref reader, utf8, ref lines, streaming, depth + 2));
                        }

                        properties.Add(new(name, new Array([], arrayLine)));
                        continue;
                    }

                    properties.Add(new(name, ReadValue(ref reader, utf8, ref lines, streaming, depth + 1)));
                }

                return new Object(properties, line);
            }

            case JsonTokenType.StartArray:
            {
                var items = new List<StrictJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, utf8, ref lines, streaming, depth + 1));
                }

                return new Array(items, line);
            }

            case JsonTokenType.String:
                return new String(Text(ref reader, line), line);
            case JsonTokenType.Number:
                return new Number(reader.TryGetInt64(out long value) ? value : null, line);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new Bool(reader.GetBoolean(), line);
            default:
                return new Null(line);
        }
    }

    /// <summary>A string's text; an escape that is not valid text (a lone surrogate, "\udc00") is refused at its line.</summary>
    private static string Text(ref Utf8JsonReader reader, int line)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new StrictJsonException($"a string is not valid text ({ex.Message.TrimEnd('.')})", line);
        }
    }

    public sealed record Object(IReadOnlyList<KeyValuePair<string, StrictJson>> Properties, int Line) : StrictJson(Line)
    {
        public override string Kind => "an object";

        /// <summary>The value of <paramref name="key"/>; null when the object has no such key (keys are unique).</summary>
        public StrictJson? Get(string key) => Properties.FirstOrDefault(p => p.Key == key).Value;
    }

    public sealed record Array(IReadOnlyList<StrictJson> Items, int Line) : StrictJson(Line)
    {
        public override string Kind => "an array";
    }

    public sealed record String(string Value, int Line) : StrictJson(Line)
    {
        public override string Kind => "a string";
    }

    /// <summary>A number; <see cref="Value"/> is null when it is not an integer that fits 64 bits.</summary>
    public sealed record Number(long? Value, int Line) : StrictJson(Line)
    {
        public override string Kind => "a number";
    }

    public sealed record Bool(bool Value, int Line) : StrictJson(Line)
    {
        public override string Kind => "a boolean";
    }

    public sealed record Null(int Line) : StrictJson(Line)
    {
        public override string Kind => "null";
    }

    /// <summary>1-based line numbers of byte offsets that only grow.</summary>
    private ref struct LineCounter(ReadOnlySpan<byte> utf8)
    {
        private readonly ReadOnlySpan<byte> _utf8 = utf8;
        private int _countedTo;
        private int _line = 1;

        public int LineAt(int offset)
        {
            if (offset > _countedTo)
            {
                _line += _utf8[_countedTo..offset].Count((byte)'\n');
                _countedTo = offset;
            }

            return _line;
        }
    }
}
