using System.Text.Json;
using Parquet.Data;
using Parquet.Schema;

namespace Gate.Core.Scanning;

// A column reader and its typed form: the generic class is the only implementation of the abstract one.

/// <summary>
/// One leaf column of one row group as Parquet stores it: a definition and a repetition level per
/// entry and the non-null values packed densely, with a cursor the row assembly moves along. Every
/// step is checked, because a corrupt file's levels can claim anything.
/// </summary>
internal abstract class ParquetColumn : IDisposable
{
    private readonly RawColumnData _raw;
    private readonly bool _hasDefinitions, _hasRepetitions;
    private int _position, _valuePosition;

    protected ParquetColumn(DataField field, RawColumnData raw, int valuesRead)
    {
        _raw = raw;
        Field = field;
        MaxDefinition = field.MaxDefinitionLevel;
        // A required column stores no definition levels, a flat one no repetition levels.
        _hasDefinitions = MaxDefinition > 0;
        _hasRepetitions = field.MaxRepetitionLevel > 0;
        Count = _hasDefinitions ? raw.DefinitionLevels.Length : valuesRead;
        if (_hasRepetitions && raw.RepetitionLevels.Length != Count)
        {
            throw Corrupt($"has {Count:N0} definition levels but {raw.RepetitionLevels.Length:N0} repetition levels");
        }

        int values = Count;
        if (_hasDefinitions)
        {
            values = 0;
            foreach (int level in raw.DefinitionLevels)
            {
                values += level == MaxDefinition ? 1 : 0;
            }
        }

        if (values > valuesRead)
        {
            throw Corrupt($"defines {values:N0} values but holds {valuesRead:N0}");
        }

        ValueCount = values;
    }

    public DataField Field { get; }

    /// <summary>The definition level of a value that is there (not null at any depth).</summary>
    public int MaxDefinition { get; }

    /// <summary>Entries (one per value, null or empty list).</summary>
    public int Count { get; }

    public int ValueCount { get; }

    /// <summary>Whether the next entry starts a row.</summary>
    public bool StartsRow => _position < Count && NextRepetition() == 0;

    public static async ValueTask<ParquetColumn> ReadAsync(Parquet.ParquetRowGroupReader group, DataField field, CancellationToken cancellationToken)
    {
        RawColumnData raw = await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        try
        {
            return ParquetValues.ColumnOf(field, raw);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    public int PeekDefinition()
    {
        if (_position >= Count)
        {
            throw Corrupt($"ends before its rows do");
        }

        return _hasDefinitions ? _raw.DefinitionLevels[_position] : 0;
    }

    /// <summary>The repetition level of the next entry; 0 (a new row) past the last.</summary>
    public int NextRepetition() => _hasRepetitions && _position < Count ? _raw.RepetitionLevels[_position] : 0;

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

    public abstract void WriteValue(Utf8JsonWriter json);

    /// <summary>Every entry and value was used: a column may not hold more than its rows.</summary>
    public void Finish()
    {
        if (_position != Count || _valuePosition != ValueCount)
        {
            throw Corrupt($"holds {Count - _position:N0} entries more than its rows use");
        }
    }

    public void Dispose() => _raw.Dispose();

    /// <summary>Moves past an entry that holds a value and returns the value's index.</summary>
    protected int TakeValue()
    {
        int level = PeekDefinition();
        if (level != MaxDefinition)
        {
            throw Corrupt($"has definition level {level} where a value ({MaxDefinition}) belongs");
        }

        _position++;
        return _valuePosition++;
    }

    /// <summary>The column's error, its numbers written alike in every culture.</summary>
    private CorruptDataException Corrupt(FormattableString what) => new($"column '{Field.Path}' {FormattableString.Invariant(what)}", 0);
}

/// <summary>A leaf column whose values are <typeparamref name="T"/>, written by one canonical writer.</summary>
internal sealed class ParquetColumn<T>(DataField field, RawColumnData<T> raw, Action<Utf8JsonWriter, T> write)
    : ParquetColumn(field, raw, raw.Values.Length)
    where T : struct
{
    public T Take() => raw.Values[TakeValue()];

    public override void WriteValue(Utf8JsonWriter json) => write(json, Take());
}
