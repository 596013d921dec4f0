namespace Gate.Core.Scanning;

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
        bool carriageReturns = data.Contains((byte)'\r'); // most files have none: then no line is looked at twice
        int start = 0;
        while (true)
        {
            int newline = BitScan.NextSet(masks.Newline, start, data.Length);
            if (carriageReturns)
            {
                CheckLineEnding(data[start..Math.Min(newline, data.Length)], state.Line + 1);
            }

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

    /// <summary>
    /// A carriage return is only the first half of a CRLF line ending. One anywhere else ends a line
    /// for Python's universal newlines (and so for most loaders) but not for a reader that splits at
    /// line feeds: the two would see different records, so Gate refuses it.
    /// </summary>
    private static void CheckLineEnding(ReadOnlySpan<byte> line, long number)
    {
        int cr = line.IndexOf((byte)'\r');
        if (cr >= 0 && cr != line.Length - 1)
        {
            throw new CorruptDataException("a carriage return that is not part of a CRLF line ending; readers disagree on whether it ends a line, so Gate refuses it (use LF or CRLF line endings)", number);
        }
    }

    /// <summary>One line [s, e) without its line break; it is line <c>state.Line + 1</c>.</summary>
    protected abstract void ScanLine(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state);
}
