namespace Gate.Core.Scanning;

/// <summary>Plain text: each non-blank line is a record.</summary>
internal sealed class TextLinesScanner : LineRecordScanner
{
    protected override void ScanLine(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state)
    {
        (s, e) = Trim(data, s, e);
        if (s < e)
        {
            state.Extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
            if (state.Extractor.GeneratorField is not null)
            {
                state.Extractor.AddGeneratorMissing("a line of plain text, which has no fields", state.Line + 1);
            }

            state.Extractor.AddRecord(data[s..e]);
        }
    }
}
