namespace Gate.Core.Scanning;

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
