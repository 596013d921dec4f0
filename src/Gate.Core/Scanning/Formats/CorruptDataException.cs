namespace Gate.Core.Scanning;

/// <summary>A record in the data cannot be read: the file is corrupt or truncated at <see cref="Line"/> (1-based, of the decompressed text).</summary>
internal sealed class CorruptDataException(string message, long line) : Exception(message)
{
    public long Line { get; } = line;
}
