namespace Gate.Core.Scanning;

/// <summary>JSON Lines: one JSON value per line; blank lines are skipped; CRLF and a BOM are accepted.</summary>
internal sealed class JsonLinesScanner : LineRecordScanner
{
    protected override void ScanLine(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state) =>
        JsonRecords.Scan(data, masks, s, e, state, state.Line + 1);
}
