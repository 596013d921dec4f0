using System.Globalization;
using System.Text.Json;
using ParquetSharp;

namespace Gate.Core.Scanning;

/// <summary>
/// One leaf column of one row group as Parquet stores it: a definition and a repetition level per
/// entry and the non-null values packed densely, with a cursor the row assembly moves along. The
/// pages are decoded by Apache Arrow's Parquet reader (through ParquetSharp), every encoding, codec
/// and page version as the reference reader decodes them; every step of the assembly is checked,
/// because a corrupt file's levels can claim anything.
/// </summary>
internal sealed class ParquetColumn : IDisposable
{
    /// <summary>Entries decoded per call into the reader.</summary>
    private const int Batch = 4096;

    private readonly bool _hasDefinitions, _hasRepetitions;
    private short[] _definitions = [], _repetitions = [];
    private int _position, _valuePosition;
    private ParquetReadLimits _limits = null!;

    private ParquetColumn(string path, int maxDefinition, int maxRepetition, ParquetLeafValues values)
    {
        Path = path;
        MaxDefinition = maxDefinition;
        // A required column stores no definition levels, a flat one no repetition levels.
        _hasDefinitions = maxDefinition > 0;
        _hasRepetitions = maxRepetition > 0;
        Values = values;
    }

    public string Path { get; }

    /// <summary>The definition level of a value that is there (not null at any depth).</summary>
    public int MaxDefinition { get; }

    /// <summary>Entries (one per value, null or empty list).</summary>
    public int Count { get; private set; }

    public ParquetLeafValues Values { get; }

    /// <summary>Whether the next entry starts a row.</summary>
    public bool StartsRow => _position < Count && NextRepetition() == 0;

    /// <summary>Decodes the whole column chunk of <paramref name="reader"/>: its levels and its values.</summary>
    public static ParquetColumn Read(ColumnReader reader, LeafShape leaf, ParquetReadLimits limits)
    {
        ColumnDescriptor descriptor = reader.ColumnDescriptor;
        var column = new ParquetColumn(leaf.Path, leaf.Defined, leaf.Repetition, ParquetValues.For(descriptor, leaf.Path)) { _limits = limits };
        column.Values.Limits = limits;
        try
        {
            switch (reader)
            {
                case ColumnReader<bool> r: column.Fill(r, ((ParquetFixedValues<bool>)column.Values).Append); break;
                case ColumnReader<int> r: column.Fill(r, ((ParquetFixedValues<int>)column.Values).Append); break;
                case ColumnReader<long> r: column.Fill(r, ((ParquetFixedValues<long>)column.Values).Append); break;
                case ColumnReader<Int96> r: column.Fill(r, ((ParquetFixedValues<Int96>)column.Values).Append); break;
                case ColumnReader<float> r: column.Fill(r, ((ParquetFixedValues<float>)column.Values).Append); break;
                case ColumnReader<double> r: column.Fill(r, ((ParquetFixedValues<double>)column.Values).Append); break;
                case ColumnReader<ByteArray> r: column.Fill(r, ((ParquetBinaryValues)column.Values).Append); break;
                case ColumnReader<FixedLenByteArray> r:
                    int length = descriptor.TypeLength;
                    column.Fill(r, values => ((ParquetBinaryValues)column.Values).Append(values, length));
                    break;
                default: throw new CorruptDataException($"column '{leaf.Path}' has a physical type Gate does not read", 0);
            }

            return column;
        }
        catch
        {
            column.Dispose();
            throw;
        }
    }

    public int PeekDefinition()
    {
        if (_position >= Count)
        {
            throw Corrupt($"ends before its rows do");
        }

        return _hasDefinitions ? _definitions[_position] : 0;
    }

    /// <summary>The repetition level of the next entry; 0 (a new row) past the last.</summary>
    public int NextRepetition() => _hasRepetitions && _position < Count ? _repetitions[_position] : 0;

    /// <summary>Passes over an entry that says a value above the leaf is null or empty: its definition level must lie in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void Skip(int low, int high)
    {
        int level = PeekDefinition();
        if (level < low || level >= high)
        {
            throw high - low == 1 ? Corrupt($"has definition level {level} where {low} belongs") : Corrupt($"has definition level {level} where {low} to {high - 1} belong");
        }

        _position++;
    }

    /// <summary>Moves past an entry that holds a value and returns the value's index.</summary>
    public int TakeValue()
    {
        int level = PeekDefinition();
        if (level != MaxDefinition)
        {
            throw Corrupt($"has definition level {level} where a value ({MaxDefinition}) belongs");
        }

        _position++;
        return _valuePosition++;
    }

    public void WriteValue(Utf8JsonWriter json) => Values.Write(json, TakeValue());

    /// <summary>Every entry and value was used: a column may not hold more than its rows.</summary>
    public void Finish()
    {
        if (_position != Count || _valuePosition != Values.Count)
        {
            throw Corrupt($"holds {Count - _position:N0} entries more than its rows use");
        }
    }

    public void Dispose()
    {
        Values.Dispose();
        Return(ref _definitions);
        Return(ref _repetitions);
    }

    private static void Return(ref short[] buffer)
    {
        ParquetReadLimits.Return(buffer);
        buffer = [];
    }

    private void Fill<T>(ColumnReader<T> reader, Action<ReadOnlySpan<T>> append)
        where T : unmanaged
    {
        var values = new T[Batch];
        var definitions = new short[Batch];
        var repetitions = new short[Batch];
        int defined = 0;
        while (reader.HasNext)
        {
            long levels = reader.ReadBatch(Batch, definitions, repetitions, values, out long read);
            if (levels <= 0 || read < 0 || read > levels)
            {
                throw Corrupt($"gives {levels} entries and {read} values in a batch");
            }

            int entries = (int)levels;
            if ((long)Count + entries > ParquetLeafValues.MaxValues)
            {
                throw Corrupt($"holds more than {ParquetLeafValues.MaxValues:N0} entries in one row group, which Gate does not read");
            }

            if (_hasDefinitions)
            {
                _definitions = _limits.Grow(_definitions, Count + entries, ParquetLeafValues.MaxValues, Path, "entries");
                definitions.AsSpan(0, entries).CopyTo(_definitions.AsSpan(Count));
                foreach (short level in definitions.AsSpan(0, entries))
                {
                    if (level < 0 || level > MaxDefinition)
                    {
                        throw Corrupt($"has definition level {level}, above its maximum {MaxDefinition}");
                    }

                    defined += level == MaxDefinition ? 1 : 0;
                }
            }
            else
            {
                defined += entries;
            }

            if (_hasRepetitions)
            {
                _repetitions = _limits.Grow(_repetitions, Count + entries, ParquetLeafValues.MaxValues, Path, "entries");
                repetitions.AsSpan(0, entries).CopyTo(_repetitions.AsSpan(Count));
            }

            append(values.AsSpan(0, (int)read));
            Count += entries;
            _limits.Step();
        }

        if (defined != Values.Count)
        {
            throw Corrupt($"defines {defined:N0} values but holds {Values.Count:N0}");
        }
    }

    /// <summary>The column's error, its numbers written alike in every culture.</summary>
    private CorruptDataException Corrupt(FormattableString what) => new($"column '{Path}' {what.ToString(CultureInfo.InvariantCulture)}", 0);
}
