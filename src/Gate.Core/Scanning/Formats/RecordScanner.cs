namespace Gate.Core.Scanning;

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
    internal static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    internal static (int Start, int End) Trim(ReadOnlySpan<byte> data, int s, int e)
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
}
