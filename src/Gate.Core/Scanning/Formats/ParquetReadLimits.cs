using System.Globalization;

namespace Gate.Core.Scanning;

/// <summary>
/// What one Parquet read may spend, shared by its columns: the bytes of the buffers (as allocated,
/// charged before they are) that one row group's decoded levels and values may take (a few kilobytes of dictionary or run-length encoded data can decode to
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

    /// <summary>Arrays up to this many bytes come from the shared pool; larger ones are allocated and left to the collector, so that no pool keeps gigabytes after a read.</summary>
    private const int PooledBytes = 1 << 20;

    /// <summary>The length of the array <see cref="Rent{T}"/> gives for <paramref name="length"/> elements (the pool rounds up to a power of two).</summary>
    private static long Rented<T>(int length)
        where T : unmanaged =>
        (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() <= PooledBytes ? System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, 16)) : length;

    /// <summary>
    /// <paramref name="buffer"/>, or a larger one holding its contents when <paramref name="needed"/>
    /// elements do not fit: at most <paramref name="limit"/> elements (more is refused), its capacity
    /// charged to the budget before it is allocated.
    /// </summary>
    public T[] Grow<T>(T[] buffer, int needed, int limit, string path, string what)
        where T : unmanaged
    {
        if (needed <= buffer.Length)
        {
            return buffer;
        }

        if (needed > limit)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"column '{path}' holds more than {limit:N0} {what} in one row group, which Gate does not read"), 0);
        }

        int capacity = (int)Math.Min(limit, Math.Max((long)needed, buffer.Length * 2L));
        Spend((Rented<T>(capacity) - buffer.Length) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), path);
        T[] larger = Rent<T>(capacity);
        buffer.AsSpan().CopyTo(larger);
        Return(buffer);
        return larger;
    }

    private static T[] Rent<T>(int length)
        where T : unmanaged =>
        (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() <= PooledBytes
            ? System.Buffers.ArrayPool<T>.Shared.Rent(length)
            : GC.AllocateUninitializedArray<T>(length);

    public static void Return<T>(T[] array)
        where T : unmanaged
    {
        if (array.Length > 0 && (long)array.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() <= PooledBytes)
        {
            System.Buffers.ArrayPool<T>.Shared.Return(array);
        }
    }

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
