namespace Gate.Core.Scanning;

/// <summary>
/// The byte classes the record scanners walk, as one bit per input byte (bit i of word w is byte
/// 64·w + i), so that records, strings, escapes and tokens are found by bit arithmetic instead of
/// a branch per byte — the simdjson approach.
/// </summary>
public ref struct ByteClassMasks
{
    public Span<ulong> Quote;
    public Span<ulong> Backslash;
    public Span<ulong> Newline;

    /// <summary>Token bytes: ASCII letters and digits, and every byte of a multi-byte UTF-8 character.</summary>
    public Span<ulong> Token;
    public Span<ulong> Digit;

    public static int WordsFor(int length) => (length + 63) >> 6;
}
