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
