using System.Globalization;

namespace Gate.Core.Scanning;

/// <summary>
/// What one Parquet read may spend, shared by its columns: the bytes of decoded levels and values
/// one row group may hold (a few kilobytes of dictionary or run-length encoded data can decode to
/// gigabytes), the stop signal, and the progress a watchdog sees (a read that stops moving is
/// stopped, however long a large file legitimately takes).
/// </summary>
internal sealed class ParquetReadLimits(CancellationToken cancellationToken, long maxRowGroupBytes = ParquetReadLimits.DefaultRowGroupBytes)
{
    /// <summary>Decoded bytes of one row group, all columns together, that Gate holds at once.</summary>
    public const long DefaultRowGroupBytes = 2L << 30;

    private long _rowGroupBytes, _progress;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Steps taken so far (batches decoded, rows written): the watchdog only compares it.</summary>
    public long Progress => Volatile.Read(ref _progress);

    public void Step()
    {
        Interlocked.Increment(ref _progress);
        CancellationToken.ThrowIfCancellationRequested();
    }

    public void StartRowGroup() => _rowGroupBytes = 0;

    /// <summary>Counts decoded bytes of the current row group; more than the limit is refused.</summary>
    public void Spend(long bytes, string path)
    {
        _rowGroupBytes += bytes;
        if (_rowGroupBytes > maxRowGroupBytes)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"column '{path}' brings its row group past {maxRowGroupBytes >> 20:N0} MiB of decoded values, more than Gate holds at once (write smaller row groups)"), 0);
        }
    }
}
