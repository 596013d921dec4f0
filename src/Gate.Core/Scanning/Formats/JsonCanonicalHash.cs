using System.Buffers.Binary;
using System.IO.Hashing;

namespace Gate.Core.Scanning;

/// <summary>
/// Checks that a record is exactly one JSON object, by the JSON grammar (RFC 8259), and hashes it as
/// readers read it, so a copy written by another serialiser is the same record to the record-set
/// digest and to GATE007's overlap test:
/// <list type="bullet">
/// <item>whitespace outside strings does not count; strings count by their decoded text;</item>
/// <item>the members of every object, at any depth, are combined by a sum, so their order does not
/// matter, and a key written twice keeps its last value, as Python's json, pandas and the datasets
/// library do (<see cref="ObjectMembers"/>);</item>
/// <item>numbers count by their value: <c>0.5</c>, <c>5e-1</c> and <c>0.50</c> are one number, and
/// so are <c>1</c> and <c>1.0</c>; a number with a fraction or an exponent is read as a double, as
/// readers do, and an integer stays exact.</item>
/// </list>
/// Anything a JSON reader refuses (two values on one line, a missing comma, a malformed escape, a
/// bare word) is GATE111: a line Gate read differently from the loader would hide records.
/// </summary>
internal static class JsonCanonicalHash
{
    /// <summary>Deeper records are refused: Python's json stops at about this depth, and a loader that cannot read a record cannot be checked against it.</summary>
    public const int MaxDepth = 1000;

    private static readonly UInt128 ArrayStart = XxHash128.HashToUInt128("["u8);

    /// <summary>
    /// Walks the object in [<paramref name="s"/>, <paramref name="e"/>) (trimmed, starting with <c>{</c>);
    /// returns its hash when <paramref name="hash"/>, zero otherwise; and with <paramref name="loose"/>
    /// its overlap hash (GATE007's view): every scalar as a loader of any format types it (a number,
    /// or a string that reads as a number or a boolean, by value as a double), and without the
    /// top-level members whose keys are in <paramref name="ignored"/> (the run's generator fields).
    /// Throws <see cref="CorruptDataException"/>. Without <paramref name="escapes"/> (the record holds
    /// no backslash) no string is searched for one.
    /// </summary>
    public static (UInt128 Hash, UInt128 Loose) Walk(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> quote, int s, int e, ScanState state, long line, bool hash, bool loose = false, UInt128[]? ignored = null, bool escapes = true)
    {
        loose &= hash;
        var writer = new CanonicalHashWriter(state.HashBuffer, state.HashStream);
        List<Frame> stack = state.JsonFrames;
        stack.Clear();
        int pos = s;
        UInt128 value, looseValue;
        while (true)
        {
            // A value starts at pos.
            pos = SkipSpace(data, pos, e);
            if (pos >= e)
            {
                throw Corrupt("the record ends where a value belongs: it is truncated", line);
            }

            switch (data[pos])
            {
                case (byte)'{':
                    pos = SkipSpace(data, pos + 1, e);
                    if (pos < e && data[pos] == (byte)'}')
                    {
                        pos++;
                        value = looseValue = ObjectMembers.EmptyHash;
                        break;
                    }

                    Push(stack, state, isObject: true, line);
                    pos = Key(data, quote, pos, e, stack, ref writer, line, hash, escapes);
                    continue;
                case (byte)'[':
                    pos = SkipSpace(data, pos + 1, e);
                    if (pos < e && data[pos] == (byte)']')
                    {
                        pos++;
                        value = looseValue = FinishArray(ArrayStart, 0);
                        break;
                    }

                    Push(stack, state, isObject: false, line);
                    continue;
                case (byte)'"':
                    (pos, value, looseValue) = String(data, quote, pos, e, ref writer, line, hash, loose, escapes);
                    break;
                case (byte)'t':
                    pos = Literal(data, pos, e, "true"u8, line);
                    value = looseValue = hash ? JsonNumbers.TrueHash : 0;
                    break;
                case (byte)'f':
                    pos = Literal(data, pos, e, "false"u8, line);
                    value = looseValue = hash ? JsonNumbers.FalseHash : 0;
                    break;
                case (byte)'n':
                    pos = Literal(data, pos, e, "null"u8, line);
                    value = looseValue = hash ? JsonNumbers.NullHash : 0;
                    break;
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    (pos, value, looseValue) = JsonNumbers.Hash(data, pos, e, ref writer, line, hash, loose);
                    break;
                default:
                    throw Corrupt($"'{(char)data[pos]}' where a JSON value belongs", line);
            }

            // A value ended: it belongs to the container on top, which may end in turn.
            while (true)
            {
                if (stack.Count == 0)
                {
                    if (SkipSpace(data, pos, e) < e)
                    {
                        throw Corrupt("more than one JSON value on the line (JSON Lines holds one object per line; readers refuse the line or split it into several records)", line);
                    }

                    return (value, loose ? looseValue : value);
                }

                Frame top = stack[^1];
                if (hash)
                {
                    if (top.Members is { } members)
                    {
                        UInt128 member = Member(top.Key, value);
                        // In the overlap hash a member is left out when its value is null (a loader gives a
                        // missing key null, so dropping null members is no way round) or it is a generator field.
                        UInt128? looseMember = !loose ? member
                            : looseValue == JsonNumbers.NullHash ? null
                            : stack.Count == 1 && ignored is not null && Array.IndexOf(ignored, top.Key) >= 0 ? null
                            : looseValue == value ? member : Member(top.Key, looseValue);
                        members.Set(top.Key, member, looseMember);
                    }
                    else
                    {
                        top.Array = Combine(top.Array, value);
                        if (loose)
                        {
                            top.LooseArray = Combine(top.LooseArray, looseValue);
                        }
                    }
                }

                top.Count++;
                stack[^1] = top;
                pos = SkipSpace(data, pos, e);
                byte next = pos < e ? data[pos] : (byte)0;
                if (next == (byte)',')
                {
                    pos++;
                    if (top.Members is not null)
                    {
                        pos = Key(data, quote, SkipSpace(data, pos, e), e, stack, ref writer, line, hash, escapes);
                    }

                    break; // the next value
                }

                if (next == (top.Members is null ? (byte)']' : (byte)'}'))
                {
                    pos++;
                    (value, looseValue) = top.Members is { } done
                        ? (hash ? done.Hash() : 0, loose ? done.LooseHash() : 0)
                        : (FinishArray(top.Array, top.Count), loose ? FinishArray(top.LooseArray, top.Count) : 0);
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                throw Corrupt(pos >= e
                    ? "the record ends inside an object or array: it is truncated"
                    : $"'{(char)next}' where a ',' or a closing '{(top.Members is null ? ']' : '}')}' belongs", line);
            }
        }
    }

    /// <summary>The hash of a member: its key's hash and its value's, mixed.</summary>
    public static UInt128 Member(UInt128 key, UInt128 value)
    {
        Span<byte> pair = stackalloc byte[33];
        BinaryPrimitives.WriteUInt128LittleEndian(pair, key);
        BinaryPrimitives.WriteUInt128LittleEndian(pair[16..], value);
        pair[32] = (byte)':';
        return XxHash128.HashToUInt128(pair);
    }

    /// <summary>The hash of a key or header name as a JSON string holds it (quotes and backslashes escaped).</summary>
    public static UInt128 KeyHash(string name) =>
        StringHash(System.Text.Encoding.UTF8.GetBytes(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)));

    /// <summary>The hash of a string whose canonical contents (decoded, quotes and backslashes escaped) are <paramref name="canonical"/>.</summary>
    public static UInt128 StringHash(ReadOnlySpan<byte> canonical)
    {
        var hasher = new XxHash128();
        hasher.Append("\""u8);
        hasher.Append(canonical);
        hasher.Append("\""u8);
        return hasher.GetCurrentHashAsUInt128();
    }

    private static UInt128 Combine(UInt128 running, UInt128 element)
    {
        Span<byte> pair = stackalloc byte[32];
        BinaryPrimitives.WriteUInt128LittleEndian(pair, running);
        BinaryPrimitives.WriteUInt128LittleEndian(pair[16..], element);
        return XxHash128.HashToUInt128(pair);
    }

    private static UInt128 FinishArray(UInt128 running, long count)
    {
        Span<byte> end = stackalloc byte[25];
        BinaryPrimitives.WriteUInt128LittleEndian(end, running);
        BinaryPrimitives.WriteInt64LittleEndian(end[16..], count);
        end[24] = (byte)']';
        return XxHash128.HashToUInt128(end);
    }

    private static void Push(List<Frame> stack, ScanState state, bool isObject, long line)
    {
        if (stack.Count >= MaxDepth)
        {
            throw Corrupt($"the record is nested more than {MaxDepth} levels deep, which JSON readers refuse", line);
        }

        ObjectMembers? members = isObject ? state.MembersAt(stack.Count) : null;
        members?.Clear();
        stack.Add(new Frame { Members = members, Array = ArrayStart, LooseArray = ArrayStart });
    }

    /// <summary>A member's key and its colon at pos; the key's hash goes to the frame on top. Returns where the value starts.</summary>
    private static int Key(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> quote, int pos, int e, List<Frame> stack, ref CanonicalHashWriter writer, long line, bool hash, bool escapes)
    {
        if (pos >= e || data[pos] != (byte)'"')
        {
            throw Corrupt(pos >= e ? "the record ends inside an object: it is truncated" : $"'{(char)data[pos]}' where a quoted key belongs", line);
        }

        (pos, UInt128 key, _) = String(data, quote, pos, e, ref writer, line, hash, loose: false, escapes);
        pos = SkipSpace(data, pos, e);
        if (pos >= e || data[pos] != (byte)':')
        {
            throw Corrupt("a key without a ':' after it", line);
        }

        Frame top = stack[^1];
        top.Key = key;
        stack[^1] = top;
        return pos + 1;
    }

    private static (int End, UInt128 Hash, UInt128 Loose) String(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> quote, int open, int e, ref CanonicalHashWriter writer, long line, bool hash, bool loose, bool escapes)
    {
        int close = BitScan.NextSet(quote, open + 1, e);
        if (close >= e)
        {
            throw Corrupt("a string is not terminated on its line: the file is truncated, or the record spans an unescaped line break (JSON Lines records never do)", line);
        }

        ReadOnlySpan<byte> contents = data[(open + 1)..close];
        bool escaped = escapes && contents.Contains((byte)'\\');
        if (!hash)
        {
            if (escaped && !JsonEscapes.IsWellFormed(contents))
            {
                throw Corrupt("a malformed escape in a string (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)", line);
            }

            return (close + 1, 0, 0);
        }

        UInt128 strict;
        if (escaped)
        {
            writer.Put((byte)'"');
            if (!writer.PutString(contents))
            {
                throw Corrupt("a malformed escape in a string (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)", line);
            }

            writer.Put((byte)'"');
            strict = writer.HashMember();
        }
        else
        {
            // Without escapes the canonical string is the string as written, quotes and all: hashed where it lies.
            strict = XxHash128.HashToUInt128(data[open..(close + 1)]);
        }

        if (!loose || (escaped && !EscapesOnlyAscii(contents)))
        {
            return (close + 1, strict, strict);
        }

        // Decoded first, so "\u0031\u0030" is the number 10 as "10" is.
        ReadOnlySpan<byte> text = escaped ? JsonEscapes.StringText(contents) : contents;
        return (close + 1, strict, JsonNumbers.LooseScalar(text, ref writer) ?? strict);
    }

    /// <summary>Whether every escape stands for an ASCII character (<c>\n</c>, <c>\u0031</c>; not <c>\u00e9</c>'s kin beyond U+00FF): only such a string can decode to a number, a boolean or a null marker.</summary>
    private static bool EscapesOnlyAscii(ReadOnlySpan<byte> contents)
    {
        for (int i = contents.IndexOf((byte)'\\'); i >= 0 && i + 1 < contents.Length; i = contents.IndexOf((byte)'\\'))
        {
            if (contents[i + 1] == (byte)'u' && (i + 5 >= contents.Length || contents[i + 2] != (byte)'0' || contents[i + 3] != (byte)'0'))
            {
                return false;
            }

            contents = contents[(i + (contents[i + 1] == (byte)'u' ? 6 : 2))..];
        }

        return true;
    }

    private static int Literal(ReadOnlySpan<byte> data, int pos, int e, ReadOnlySpan<byte> word, long line)
    {
        if (e - pos < word.Length || !data.Slice(pos, word.Length).SequenceEqual(word))
        {
            throw Corrupt("a bare word where a JSON value belongs (only true, false and null are)", line);
        }

        return pos + word.Length;
    }

    private static int SkipSpace(ReadOnlySpan<byte> data, int pos, int e)
    {
        while (pos < e && data[pos] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            pos++;
        }

        return pos;
    }

    internal static CorruptDataException Corrupt(string message, long line) => new(message, line);

    /// <summary>One open object or array: the object's members, or the array's running hash; the elements so far.</summary>
    internal struct Frame
    {
        public ObjectMembers? Members;
        public UInt128 Key;
        public UInt128 Array;
        public UInt128 LooseArray;
        public long Count;
    }
}
