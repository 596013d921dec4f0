using System.Globalization;
using System.Text.Json;

namespace Gate.Core.Scanning;

// A closed set: the values of one leaf column chunk, kept densely as the file stores them, and the
// two ways they are kept (fixed-size values in an array, byte strings in one heap).

/// <summary>
/// The non-null values of one leaf column of one row group, in file order, with the canonical
/// writer of the column's type (<see cref="ParquetValues"/>). Filled batch by batch as the reader
/// decodes them; the buffers are pooled and returned on <see cref="Dispose"/>.
/// </summary>
internal abstract class ParquetLeafValues : IDisposable
{
    /// <summary>Values a column chunk may hold; more is refused before anything grows past it.</summary>
    public const int MaxValues = 64 << 20;

    /// <summary>The column's dotted path, for errors.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The read's budget, charged with every buffer's capacity before it is allocated; set before any value is added.</summary>
    public ParquetReadLimits Limits { get; set; } = null!;

    public int Count { get; protected set; }

    public abstract void Write(Utf8JsonWriter json, int index);

    /// <summary>The bytes of a byte-string value (a map's string key).</summary>
    public virtual ReadOnlySpan<byte> ValueBytes(int index) => throw new InvalidOperationException($"column '{Path}' holds no byte strings");

    public abstract void Dispose();
}

/// <summary>Values of a fixed-size physical type (boolean, the integers, INT96, the floats), each written by <paramref name="write"/>.</summary>
internal sealed class ParquetFixedValues<T>(Action<Utf8JsonWriter, T> write) : ParquetLeafValues
    where T : unmanaged
{
    private T[] _values = [];

    public void Append(ReadOnlySpan<T> values)
    {
        _values = Limits.Grow(_values, Count + values.Length, MaxValues, Path, "values");
        values.CopyTo(_values.AsSpan(Count));
        Count += values.Length;
    }

    public override void Write(Utf8JsonWriter json, int index) => write(json, _values[index]);

    public override void Dispose()
    {
        ParquetReadLimits.Return(_values);
        _values = [];
    }
}

/// <summary>
/// Byte-string values (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY), copied out of the reader's pages into one
/// heap as they are decoded (the reader reuses its pages), each written by <paramref name="write"/>.
/// </summary>
internal sealed class ParquetBinaryValues(Action<Utf8JsonWriter, ReadOnlySpan<byte>> write) : ParquetLeafValues
{
    /// <summary>Bytes a column chunk's strings may hold in all.</summary>
    private const int MaxBytes = int.MaxValue - 64;

    private byte[] _heap = [];
    private int[] _ends = [];
    private int _used;

    public unsafe void Append(ReadOnlySpan<ParquetSharp.ByteArray> values)
    {
        foreach (ParquetSharp.ByteArray value in values)
        {
            if (value.Length < 0)
            {
                throw new CorruptDataException($"column '{Path}' holds a value of negative length", 0);
            }

            Add(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length));
        }
    }

    public unsafe void Append(ReadOnlySpan<ParquetSharp.FixedLenByteArray> values, int length)
    {
        foreach (ParquetSharp.FixedLenByteArray value in values)
        {
            Add(new ReadOnlySpan<byte>((void*)value.Pointer, length));
        }
    }

    public override void Write(Utf8JsonWriter json, int index) => write(json, ValueBytes(index));

    public override ReadOnlySpan<byte> ValueBytes(int index)
    {
        int start = index == 0 ? 0 : _ends[index - 1];
        return _heap.AsSpan(start, _ends[index] - start);
    }

    public override void Dispose()
    {
        ParquetReadLimits.Return(_heap);
        ParquetReadLimits.Return(_ends);
        _heap = [];
        _ends = [];
    }

    private void Add(ReadOnlySpan<byte> value)
    {
        _ends = Limits.Grow(_ends, Count + 1, MaxValues, Path, "values");
        if ((long)_used + value.Length > MaxBytes)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture, $"column '{Path}' holds more than {MaxBytes:N0} bytes in one row group, which Gate does not read"), 0);
        }

        _heap = Limits.Grow(_heap, _used + value.Length, MaxBytes, Path, "bytes");
        value.CopyTo(_heap.AsSpan(_used));
        _used += value.Length;
        _ends[Count++] = _used;
    }
}
