namespace Gate.Core.Scanning;

/// <summary>A record in the data cannot be read: the file is corrupt or truncated at <see cref="Line"/> (1-based, of the decompressed text).</summary>
public sealed class CorruptDataException(string message, long line) : Exception(message)
{
    public long Line { get; } = line;
}

/// <summary>Reusable one-bit-per-byte masks for a block.</summary>
internal sealed class MaskBuffers
{
    private ulong[] _quote = [], _backslash = [], _newline = [], _token = [], _digit = [];

    public ByteClassMasks For(int length)
    {
        int words = ByteClassMasks.WordsFor(length) + 1;
        if (_quote.Length < words)
        {
            _quote = new ulong[words];
            _backslash = new ulong[words];
            _newline = new ulong[words];
            _token = new ulong[words];
            _digit = new ulong[words];
        }

        return new ByteClassMasks { Quote = _quote, Backslash = _backslash, Newline = _newline, Token = _token, Digit = _digit };
    }
}

/// <summary>Scan state of one stream of records: where it is, and where features go.</summary>
internal sealed class ScanState(FeatureExtractor extractor)
{
    public FeatureExtractor Extractor { get; } = extractor;

    public MaskBuffers Masks { get; } = new();

    /// <summary>Masks for <see cref="Scratch"/>, apart from the block's.</summary>
    public MaskBuffers ScratchMasks { get; } = new();

    private byte[] _scratch = [];

    /// <summary>A reusable buffer of at least <paramref name="length"/> bytes (for a record rewritten before its tokens are counted).</summary>
    public Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, 2 * _scratch.Length)];
        }

        return _scratch.AsSpan(0, length);
    }

    /// <summary>Lines completed before the current block.</summary>
    public long Line { get; set; }
}

/// <summary>
/// Finds the records of one format in a block that starts at a record boundary. Returns how many
/// bytes it consumed (whole records); the rest is offered again with more data. With
/// <c>final</c>, the block is the end of the data and must be consumed whole.
/// </summary>
internal abstract class RecordScanner
{
    public abstract int Scan(ReadOnlySpan<byte> data, bool final, ScanState state);

    /// <summary>Whether a file of this format can be cut at any line break and scanned in parallel.</summary>
    public virtual bool SplitsAtLineBreaks => false;

    /// <summary>Whether the format must be UTF-8 (JSON).</summary>
    public virtual bool RequiresUtf8 => false;

    public static RecordScanner For(string format) => format switch
    {
        ".jsonl" => new JsonLinesScanner(),
        ".json" => new JsonArrayScanner(),
        ".csv" => new DelimitedScanner((byte)','),
        ".tsv" => new DelimitedScanner((byte)'\t'),
        ".txt" => new TextLinesScanner(),
        _ => throw new ArgumentException($"no record scanner for {format}", nameof(format)),
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    protected static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    protected static (int Start, int End) Trim(ReadOnlySpan<byte> data, int s, int e)
    {
        while (e > s && IsSpace(data[e - 1]))
        {
            e--;
        }

        while (s < e && IsSpace(data[s]))
        {
            s++;
        }

        return (s, e);
    }

    /// <summary>
    /// One JSON record in [s, e): string escapes are masked out of the token bits, keys become
    /// fields (and are not counted as text), the generator field's value is recorded. A record with
    /// <c>\u</c> escapes of text characters has its tokens counted in its decoded text (<see cref="JsonEscapes"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected static void JsonRecord(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state, long line)
    {
        (s, e) = Trim(data, s, e);
        if (s == e)
        {
            return;
        }

        bool escapes = BitScan.NextSet(masks.Backslash, s, e) < e;
        bool textEscapes = escapes && MaskEscapes(data, masks, s, e, line);
        FeatureExtractor extractor = state.Extractor;
        string? generatorGap = MaskKeys(data, masks, s, e, line, extractor, escapes);
        byte first = data[s], last = data[e - 1];
        if ((first == (byte)'{' && last != (byte)'}') || (first == (byte)'[' && last != (byte)']'))
        {
            throw new CorruptDataException($"the record starts with '{(char)first}' but does not end with '{(first == (byte)'{' ? '}' : ']')}': the file is truncated or the record is malformed", line);
        }

        if (generatorGap is not null)
        {
            extractor.AddGeneratorMissing(first == (byte)'{' ? generatorGap : "a record that is not a JSON object", line);
        }

        if (textEscapes)
        {
            AddDecodedTokens(data, masks.Backslash, s, e, state, line);
        }
        else
        {
            extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
        }

        extractor.AddRecord(data[s..e]);
    }

    /// <summary>Clears escape sequences from the token bits and escaped quotes from the quote bits; returns whether a <c>\u</c> escape stands for a token character.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool MaskEscapes(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, long line)
    {
        bool textEscapes = false;
        for (int p = BitScan.NextSet(masks.Backslash, s, e); p < e; p = BitScan.NextSet(masks.Backslash, p + 2, e))
        {
            if (p + 1 >= e)
            {
                throw new CorruptDataException("a backslash escape is cut off at the end of the record", line);
            }

            bool unicode = data[p + 1] == (byte)'u';
            textEscapes |= unicode && JsonEscapes.IsTextEscape(data[..e], p);
            BitScan.ClearRange(masks.Token, p + 1, Math.Min(e, unicode ? p + 6 : p + 2));
            BitScan.ClearRange(masks.Quote, p + 1, p + 2);
        }

        return textEscapes;
    }

    /// <summary>
    /// Clears keys from the token bits; with an extractor, keys become fields and the generator
    /// field's values at the top level of the record are recorded (unescaped, if the record has
    /// <paramref name="escapes"/>). Returns, when the extractor asks for a generator field and the
    /// record does not name one (the key is absent at the top level, or a value there is empty or
    /// not a string), what it holds instead; null otherwise.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static string? MaskKeys(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, long line, FeatureExtractor? extractor, bool escapes)
    {
        byte[]? generator = extractor?.GeneratorField;
        bool named = false;
        string? problem = null;
        int depth = 0, counted = s; // with a generator field: the nesting depth at 'counted', the end of the last string
        for (int open = BitScan.NextSet(masks.Quote, s, e); open < e;)
        {
            int close = BitScan.NextSet(masks.Quote, open + 1, e);
            if (close >= e)
            {
                throw new CorruptDataException("a string is not terminated on its line: the file is truncated, or the record spans an unescaped line break (JSON Lines records never do)", line);
            }

            if (generator is not null)
            {
                depth += Depth(data[counted..open]); // between two strings: brackets there are structure
                counted = close + 1;
            }

            int after = close + 1;
            while (after < e && IsSpace(data[after]))
            {
                after++;
            }

            if (after < e && data[after] == (byte)':')
            {
                BitScan.ClearRange(masks.Token, open + 1, close);
                if (extractor is not null)
                {
                    ReadOnlySpan<byte> key = data[(open + 1)..close];
                    if (escapes && BitScan.NextSet(masks.Backslash, open + 1, close) < close)
                    {
                        key = JsonEscapes.StringText(key);
                    }

                    extractor.AddField(key);
                    if (depth == 1 && generator is not null && key.SequenceEqual(generator))
                    {
                        if (GeneratorValue(data, masks, after, e, line, extractor) is { } wrong)
                        {
                            problem ??= wrong;
                        }
                        else
                        {
                            named = true;
                        }
                    }
                }
            }

            open = BitScan.NextSet(masks.Quote, close + 1, e);
        }

        return generator is null ? null : problem ?? (named ? null : $"no '{extractor!.GeneratorFieldName}' key at the top level");
    }

    /// <summary>The change of nesting depth over JSON text that holds no string (between two strings of a record).</summary>
    private static int Depth(ReadOnlySpan<byte> text)
    {
        int depth = 0;
        for (int i = text.IndexOfAny("{}[]"u8); i >= 0; i = text.IndexOfAny("{}[]"u8))
        {
            depth += text[i] is (byte)'{' or (byte)'[' ? 1 : -1;
            text = text[(i + 1)..];
        }

        return depth;
    }

    /// <summary>
    /// Records the generator field's value after the colon at <paramref name="colon"/>, as JSON
    /// readers take it ("g\u00e9n" is "gén", "a\/b" is "a/b"), so a manifest matches however the
    /// writer escaped. Returns what the value is instead when it is no non-empty string; null when it is one.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static string? GeneratorValue(ReadOnlySpan<byte> data, ByteClassMasks masks, int colon, int e, long line, FeatureExtractor extractor)
    {
        int v = colon + 1;
        while (v < e && IsSpace(data[v]))
        {
            v++;
        }

        if (v < e && data[v] == (byte)'"')
        {
            int valueEnd = BitScan.NextSet(masks.Quote, v + 1, e);
            if (valueEnd < e)
            {
                if (valueEnd == v + 1)
                {
                    return "an empty string";
                }

                extractor.AddGenerator(JsonEscapes.StringText(data[(v + 1)..valueEnd]), line);
                return null;
            }
        }

        string name = extractor.GeneratorFieldName!;
        return v >= e ? $"no value for '{name}'" : data[v] switch
        {
            (byte)'n' => $"null in '{name}'",
            (byte)'{' => $"an object in '{name}'",
            (byte)'[' => $"a list in '{name}'",
            (byte)'t' or (byte)'f' => $"a boolean in '{name}'",
            _ => $"a number in '{name}'",
        };
    }

    /// <summary>Counts the tokens of a record in its text with <c>\u</c> escapes of text characters decoded: the tokens of the same record written without them.</summary>
    private static void AddDecodedTokens(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> backslash, int s, int e, ScanState state, long line)
    {
        Span<byte> text = state.Scratch(e - s);
        text = text[..JsonEscapes.DecodeText(data, backslash, s, e, text)];
        ByteClassMasks masks = state.ScratchMasks.For(text.Length);
        StructuralKernels.Classify(text, masks);
        MaskEscapes(text, masks, 0, text.Length, line);
        MaskKeys(text, masks, 0, text.Length, line, extractor: null, escapes: true);
        state.Extractor.AddTokens(text, masks.Token, masks.Digit, 0, text.Length);
    }
}

/// <summary>
/// A format whose records are lines: the newline loop. Every line counts toward the line number,
/// blank or not, and so does the final unterminated line when the block is the end of the data.
/// </summary>
internal abstract class LineRecordScanner : RecordScanner
{
    public sealed override bool SplitsAtLineBreaks => true;

    public sealed override int Scan(ReadOnlySpan<byte> data, bool final, ScanState state)
    {
        ByteClassMasks masks = state.Masks.For(data.Length);
        StructuralKernels.Classify(data, masks);
        int start = 0;
        while (true)
        {
            int newline = BitScan.NextSet(masks.Newline, start, data.Length);
            if (newline >= data.Length)
            {
                if (final && start < data.Length)
                {
                    ScanLine(data, masks, start, data.Length, state);
                    state.Line++;
                    start = data.Length;
                }

                return start;
            }

            ScanLine(data, masks, start, newline, state);
            state.Line++;
            start = newline + 1;
        }
    }

    /// <summary>One line [s, e) without its line break; it is line <c>state.Line + 1</c>.</summary>
    protected abstract void ScanLine(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state);
}

/// <summary>JSON Lines: one JSON value per line; blank lines are skipped; CRLF and a BOM are accepted.</summary>
internal sealed class JsonLinesScanner : LineRecordScanner
{
    public override bool RequiresUtf8 => true;

    protected override void ScanLine(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state) =>
        JsonRecord(data, masks, s, e, state, state.Line + 1);
}

/// <summary>Plain text: each non-blank line is a record.</summary>
internal sealed class TextLinesScanner : LineRecordScanner
{
    protected override void ScanLine(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state)
    {
        (s, e) = Trim(data, s, e);
        if (s < e)
        {
            state.Extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
            state.Extractor.AddRecord(data[s..e]);
            if (state.Extractor.GeneratorField is not null)
            {
                state.Extractor.AddGeneratorMissing("a line of plain text, which has no fields", state.Line + 1);
            }
        }
    }
}

/// <summary>A JSON array of records (<c>[ {...}, {...} ]</c>), which may be pretty-printed over many lines.</summary>
internal sealed class JsonArrayScanner : RecordScanner
{
    private int _phase; // 0 before '[', 1 expecting a record or ']', 2 after a record, 3 after ']'

    public override bool RequiresUtf8 => true;

    public override int Scan(ReadOnlySpan<byte> data, bool final, ScanState state)
    {
        ByteClassMasks masks = state.Masks.For(data.Length);
        StructuralKernels.Classify(data, masks);
        int pos = 0, consumed = 0;
        var lines = new LineCounter(masks.Newline, state.Line);
        while (true)
        {
            while (pos < data.Length && IsSpace(data[pos]))
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                consumed = pos;
                break;
            }

            byte b = data[pos];
            if (_phase == 0)
            {
                if (b != (byte)'[')
                {
                    throw new CorruptDataException("a .json dataset must be one array of records, starting with '['", lines.LineAt(pos));
                }

                _phase = 1;
                consumed = ++pos;
                continue;
            }

            if (_phase == 3)
            {
                throw new CorruptDataException("unexpected data after the array's closing ']'", lines.LineAt(pos));
            }

            if (b == (byte)']')
            {
                _phase = 3;
                consumed = ++pos;
                continue;
            }

            if (_phase == 2)
            {
                if (b != (byte)',')
                {
                    throw new CorruptDataException($"expected ',' or ']' between records, found '{(char)b}'", lines.LineAt(pos));
                }

                _phase = 1;
                consumed = ++pos;
                continue;
            }

            int end = ElementEnd(data, pos);
            if (end < 0)
            {
                if (final)
                {
                    throw new CorruptDataException("the array ends inside a record: the file is truncated", lines.LineAt(pos));
                }

                break;
            }

            JsonRecord(data, masks, pos, end, state, lines.LineAt(pos));
            _phase = 2;
            pos = consumed = end;
        }

        if (final && _phase is 1 or 2)
        {
            throw new CorruptDataException("the array is not closed with ']': the file is truncated", lines.LineAt(data.Length));
        }

        state.Line += lines.NewlinesBefore(consumed);
        return consumed;
    }

    /// <summary>
    /// Line numbers in a block. The positions asked for only grow, so newlines are counted from the
    /// last position asked, not from the block start each time.
    /// </summary>
    private ref struct LineCounter(ReadOnlySpan<ulong> newlines, long linesBefore)
    {
        private readonly ReadOnlySpan<ulong> _newlines = newlines;
        private int _countedTo;
        private long _counted;

        /// <summary>The 1-based line of the byte at <paramref name="at"/>.</summary>
        public long LineAt(int at) => linesBefore + NewlinesBefore(at) + 1;

        /// <summary>Newlines in [0, at) of the block.</summary>
        public long NewlinesBefore(int at)
        {
            if (at < _countedTo)
            {
                return BitScan.Count(_newlines, 0, at);
            }

            _counted += BitScan.Count(_newlines, _countedTo, at);
            _countedTo = at;
            return _counted;
        }
    }

    /// <summary>The end (exclusive) of the JSON value starting at <paramref name="pos"/>, or -1 if it does not end in the data.</summary>
    private static int ElementEnd(ReadOnlySpan<byte> data, int pos)
    {
        int depth = 0;
        for (int i = pos; i < data.Length; i++)
        {
            byte b = data[i];
            switch (b)
            {
                case (byte)'"':
                    i++;
                    while (true)
                    {
                        int q = data[i..].IndexOfAny((byte)'"', (byte)'\\');
                        if (q < 0)
                        {
                            return -1;
                        }

                        i += q;
                        if (data[i] == (byte)'\\')
                        {
                            i += 2;
                            if (i >= data.Length)
                            {
                                return -1;
                            }

                            continue;
                        }

                        break;
                    }

                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (depth == 0)
                    {
                        return i;
                    }

                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case (byte)',' when depth == 0:
                    return i;
                default:
                    if (depth == 0 && IsSpace(b))
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }
}

/// <summary>
/// CSV (RFC 4180) and TSV: the first row is the header (its cells are the fields); a quoted cell
/// may hold separators, doubled quotes and line breaks.
/// </summary>
internal sealed class DelimitedScanner(byte separator) : RecordScanner
{
    private bool _headerSeen;
    private int _generatorColumn = -1;

    public override int Scan(ReadOnlySpan<byte> data, bool final, ScanState state)
    {
        ByteClassMasks masks = state.Masks.For(data.Length);
        StructuralKernels.Classify(data, masks);
        ulong inside = 0;
        int start = 0;
        int words = ByteClassMasks.WordsFor(data.Length);
        for (int w = 0; w < words; w++)
        {
            ulong quoted = StructuralKernels.InsideQuotes(masks.Quote[w], ref inside);
            ulong ends = masks.Newline[w] & ~quoted;
            while (ends != 0)
            {
                int end = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(ends);
                Row(data, masks, start, end, state);
                state.Line += 1 + BitScan.Count(masks.Newline, start, end);
                start = end + 1;
                ends &= ends - 1;
            }
        }

        if (final && start < data.Length)
        {
            if (inside != 0)
            {
                throw new CorruptDataException("a quoted cell is not closed before the end of the file: the file is truncated or a quote is missing", state.Line + 1);
            }

            Row(data, masks, start, data.Length, state);
            state.Line += 1 + BitScan.Count(masks.Newline, start, data.Length);
            start = data.Length;
        }

        return start;
    }

    private void Row(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state)
    {
        if (e > s && data[e - 1] == (byte)'\r')
        {
            e--;
        }

        if (s == e)
        {
            return;
        }

        if (!_headerSeen)
        {
            _headerSeen = true;
            List<string> names = Cells(data[s..e]);
            string? generatorField = state.Extractor.GeneratorFieldName;
            for (int i = 0; i < names.Count; i++)
            {
                state.Extractor.AddField(System.Text.Encoding.UTF8.GetBytes(names[i]));
                if (generatorField is not null && names[i] == generatorField)
                {
                    _generatorColumn = i;
                }
            }

            return;
        }

        state.Extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
        state.Extractor.AddRecord(data[s..e]);
        if (state.Extractor.GeneratorFieldName is { } field)
        {
            List<string> cells = _generatorColumn >= 0 ? Cells(data[s..e]) : [];
            if (_generatorColumn < 0)
            {
                state.Extractor.AddGeneratorMissing($"no column '{field}' in the header", state.Line + 1);
            }
            else if (_generatorColumn >= cells.Count)
            {
                state.Extractor.AddGeneratorMissing($"a row with no cell in the column '{field}'", state.Line + 1);
            }
            else if (cells[_generatorColumn].Length == 0)
            {
                state.Extractor.AddGeneratorMissing($"an empty cell in the column '{field}'", state.Line + 1);
            }
            else
            {
                state.Extractor.AddGenerator(System.Text.Encoding.UTF8.GetBytes(cells[_generatorColumn]), state.Line + 1);
            }
        }
    }

    /// <summary>The unquoted cells of one row.</summary>
    internal List<string> Cells(ReadOnlySpan<byte> row)
    {
        var cells = new List<string>();
        var cell = new List<byte>();
        bool quoted = false;
        for (int i = 0; i < row.Length; i++)
        {
            byte b = row[i];
            if (quoted)
            {
                if (b == (byte)'"')
                {
                    if (i + 1 < row.Length && row[i + 1] == (byte)'"')
                    {
                        cell.Add(b);
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    cell.Add(b);
                }
            }
            else if (b == (byte)'"')
            {
                quoted = true;
            }
            else if (b == separator)
            {
                cells.Add(System.Text.Encoding.UTF8.GetString([.. cell]));
                cell.Clear();
            }
            else
            {
                cell.Add(b);
            }
        }

        cells.Add(System.Text.Encoding.UTF8.GetString([.. cell]));
        return cells;
    }
}
