namespace Gate.Core.Scanning;

/// <summary>
/// Plain text: each non-blank line is a record. A line holding U+0085, U+2028 or U+2029 is GATE111:
/// Python's <c>str.splitlines()</c> ends a line there and a file reader does not, so loaders
/// disagree on the records, and Gate would count one where a loader trains on two.
/// </summary>
internal sealed class TextLinesScanner : LineRecordScanner
{
    protected override void ScanLine(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state)
    {
        // The line as the datasets library's text loader yields it: only the line break taken off.
        ReadOnlySpan<byte> untrimmed = data[s..e].TrimEnd((byte)'\r');
        (s, e) = Trim(data, s, e);
        if (s < e)
        {
            ReadOnlySpan<byte> line = data[s..e];
            if (line.IndexOf("\u0085"u8) >= 0 || line.IndexOf("\u2028"u8) >= 0 || line.IndexOf("\u2029"u8) >= 0)
            {
                throw new CorruptDataException(
                    "a line holds a Unicode line break (U+0085, U+2028 or U+2029): Python's splitlines() ends a line there and file readers do not, so loaders disagree on the records; replace it",
                    state.Line + 1);
            }

            state.Extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
            if (state.Extractor.GeneratorField is not null)
            {
                state.Extractor.AddGeneratorMissing("a line of plain text, which has no fields", state.Line + 1);
            }

            state.Extractor.AddRecord(line, state.Extractor.HashesOverlap ? OverlapHash(untrimmed, state) : null);
        }
    }

    /// <summary>The string hash of the key <c>text</c>, the one column the datasets library's text loader gives a line.</summary>
    private static readonly UInt128 TextKey = JsonCanonicalHash.StringHash("text"u8);

    /// <summary>
    /// A line's overlap hash: the record <c>{"text": line}</c> that the datasets library's text loader
    /// makes of it, so a JSON Lines copy of a text file is the same records to GATE007.
    /// </summary>
    private static UInt128 OverlapHash(ReadOnlySpan<byte> line, ScanState state)
    {
        var writer = new CanonicalHashWriter(state.HashBuffer, state.HashStream);
        UInt128 value;
        if (JsonNumbers.LooseScalar(line, ref writer) is { } scalar)
        {
            value = scalar;
        }
        else
        {
            writer.Put((byte)'"');
            writer.PutEscaped(line);
            writer.Put((byte)'"');
            value = writer.HashMember();
        }

        ObjectMembers members = state.Members;
        members.Clear();
        members.Set(TextKey, JsonCanonicalHash.Member(TextKey, value));
        return members.LooseHash();
    }
}
