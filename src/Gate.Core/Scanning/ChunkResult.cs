namespace Gate.Core.Scanning;

/// <summary>
/// What scanning one chunk of a file (a run of whole lines) yielded: its features and lines, or
/// the error it ended with, its line counted within the chunk. Chunks merge in file order.
/// </summary>
internal sealed record ChunkResult(ContentFeatures Features, long Lines, CorruptDataException? Error)
{
    public static ChunkResult Of(Func<(ContentFeatures Features, long Lines)> scan)
    {
        try
        {
            (ContentFeatures features, long lines) = scan();
            return new ChunkResult(features, lines, null);
        }
        catch (CorruptDataException ex)
        {
            return new ChunkResult(new ContentFeatures(), ex.Line, ex);
        }
    }

    /// <summary>
    /// Adds this chunk to <paramref name="total"/>, the chunks before it already merged over
    /// <paramref name="linesBefore"/> lines; this chunk's error is thrown at its line in the file.
    /// </summary>
    public void MergeInto(ContentFeatures total, ref long linesBefore)
    {
        if (Error is not null)
        {
            throw new CorruptDataException(Error.Message, linesBefore + Error.Line);
        }

        Features.OffsetLines(linesBefore);
        total.MergeFrom(Features);
        linesBefore += Lines;
    }
}
