namespace Gate.Core.Scanning;

/// <summary>Which decompressor reads a file, and what its failures mean.</summary>
internal static class Decompression
{
    /// <summary>The decompressing stream over <paramref name="file"/> (left open), or null when the file is not compressed.</summary>
    public static Stream? Inflate(Stream file, string? compression) => compression switch
    {
        null => null,
        ".gz" => GZipMemberStream.IsSupported ? new GZipMemberStream(file) : new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true),
        _ => new ZstdSharp.DecompressionStream(file, leaveOpen: true),
    };

    /// <summary>Reads from a possibly decompressing stream; corrupt compressed data is a <see cref="CorruptDataException"/> whose line the caller knows (0 here).</summary>
    public static int ReadSome(Stream stream, Span<byte> into)
    {
        try
        {
            return stream.Read(into);
        }
        catch (InvalidDataException ex)
        {
            throw new CorruptDataException($"the compressed data is corrupt ({ex.Message})", 0);
        }
        catch (ZstdSharp.ZstdException ex)
        {
            throw new CorruptDataException($"the compressed data is corrupt ({ex.Message})", 0);
        }
        catch (EndOfStreamException)
        {
            // Only a decompressor throws this (a file read past its end just returns nothing): zstd's frame is cut short.
            throw new CorruptDataException("the compressed data ends early: the file is truncated", 0);
        }
    }
}
