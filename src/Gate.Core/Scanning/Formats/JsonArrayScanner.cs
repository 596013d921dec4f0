namespace Gate.Core.Scanning;

/// <summary>A JSON array of records (<c>[ {...}, {...} ]</c>), which may be pretty-printed over many lines.</summary>
internal sealed class JsonArrayScanner : RecordScanner
{
    /// <summary>Where the scan is in the array.</summary>
    private enum Phase
    {
        BeforeArray,
        ExpectingRecord,
        AfterRecord,
        AfterArray,
    }

    private Phase _phase = Phase.BeforeArray;

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
            if (_phase == Phase.BeforeArray)
            {
                if (b != (byte)'[')
                {
                    throw new CorruptDataException("a .json dataset must be one array of records, starting with '['", lines.LineAt(pos));
                }

                _phase = Phase.ExpectingRecord;
                consumed = ++pos;
                continue;
            }

            if (_phase == Phase.AfterArray)
            {
                throw new CorruptDataException("unexpected data after the array's closing ']'", lines.LineAt(pos));
            }

            if (b == (byte)']')
            {
                _phase = Phase.AfterArray;
                consumed = ++pos;
                continue;
            }

            if (_phase == Phase.AfterRecord)
            {
                if (b != (byte)',')
                {
                    throw new CorruptDataException($"expected ',' or ']' between records, found '{(char)b}'", lines.LineAt(pos));
                }

                _phase = Phase.ExpectingRecord;
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

            JsonRecords.Scan(data, masks, pos, end, state, lines.LineAt(pos));
            _phase = Phase.AfterRecord;
            pos = consumed = end;
        }

        if (final && _phase is Phase.ExpectingRecord or Phase.AfterRecord)
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
