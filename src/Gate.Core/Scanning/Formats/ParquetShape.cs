using System.Text.Json;
using Parquet.Schema;

namespace Gate.Core.Scanning;

// A closed set: the shape of a Parquet column and its five kinds (leaf, group, list, map), which assemble one another.

/// <summary>
/// A column of the row object and everything below it, with the definition levels that say where
/// its value is null, empty or there. Writing one value consumes one entry per leaf column for a
/// null or empty value, and one per leaf value below it otherwise (Dremel record assembly); the
/// leaves must agree on every null and on every list element, or the file is corrupt.
/// </summary>
internal abstract class ParquetShape(string path, int context, int defined, LeafShape[] leaves)
{
    /// <summary>Nesting deeper than this is refused before anything recurses on it.</summary>
    public const int MaxDepth = 64;

    public string Path { get; } = path;

    /// <summary>Definition level at which the enclosing value is there: an entry below it never reaches this value.</summary>
    public int Context { get; } = context;

    /// <summary>Definition level from which this value is there; from <see cref="Context"/> up to it, the value is null.</summary>
    public int Defined { get; } = defined;

    /// <summary>The leaf columns below this value, in schema order.</summary>
    public LeafShape[] Leaves { get; } = leaves;

    /// <summary>The shape of a schema field found where the enclosing value is there at <paramref name="context"/> and repeats at <paramref name="repetition"/>.</summary>
    public static ParquetShape Of(Field field, int context, int repetition, int depth = 0)
    {
        string path = field.Path.ToString();
        if (depth >= MaxDepth)
        {
            throw new CorruptDataException($"column '{path}' is nested more than {MaxDepth} levels deep, which Gate does not read", 0);
        }

        switch (field)
        {
            case DataField { IsArray: true } data:
                // A legacy repeated primitive: a list that is never null and whose elements never are.
                Expect(data, context, repetition, data.MaxDefinitionLevel == context + 1, repeats: true);
                return new ListShape(path, context, context, context + 1, repetition + 1, new LeafShape(data, context + 1));
            case DataField data:
                Expect(data, context, repetition, data.MaxDefinitionLevel - context is 0 or 1, repeats: false);
                return new LeafShape(data, context);
            case StructField group:
                Expect(group, context, repetition, group.MaxDefinitionLevel - context is 0 or 1, repeats: false);
                ParquetShape[] children = [.. group.Fields.Select(f => Of(f, group.MaxDefinitionLevel, repetition, depth + 1))];
                if (children.Length == 0)
                {
                    throw new CorruptDataException($"column '{path}' is a struct without fields", 0);
                }

                return new GroupShape(path, context, group.MaxDefinitionLevel, [.. group.Fields.Select(f => f.Name)], children);
            case ListField list:
                // The definition level a list reports is that of its repeated group: there, it has an element.
                Expect(list, context, repetition, list.MaxDefinitionLevel - 1 - context is 0 or 1, repeats: true);
                return new ListShape(path, context, list.MaxDefinitionLevel - 1, list.MaxDefinitionLevel, repetition + 1,
                    Of(list.Item, list.MaxDefinitionLevel, repetition + 1, depth + 1));
            case MapField map:
                Expect(map, context, repetition, map.MaxDefinitionLevel - 1 - context is 0 or 1, repeats: true);
                ParquetShape key = Of(map.Key, map.MaxDefinitionLevel, repetition + 1, depth + 1);
                ParquetShape value = Of(map.Value, map.MaxDefinitionLevel, repetition + 1, depth + 1);
                // Only required string keys make an object: its form is decided by the schema, never by the data.
                if (key is LeafShape textKey && key.Defined == map.MaxDefinitionLevel
                    && textKey.Field.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    return new MapObjectShape(path, context, map.MaxDefinitionLevel - 1, map.MaxDefinitionLevel, repetition + 1, textKey, value);
                }

                var entry = new GroupShape(path, map.MaxDefinitionLevel, map.MaxDefinitionLevel, ["key", "value"], [key, value]);
                return new ListShape(path, context, map.MaxDefinitionLevel - 1, map.MaxDefinitionLevel, repetition + 1, entry);
            default:
                throw new CorruptDataException($"column '{path}' is a {field.SchemaType} field, which Gate does not read", 0);
        }
    }

    /// <summary>Writes the value the leaves' next entries hold: null, or the value and all below it.</summary>
    public void Write(Utf8JsonWriter json)
    {
        if (Leaves[0].Column.PeekDefinition() < Defined)
        {
            foreach (LeafShape leaf in Leaves)
            {
                leaf.Column.Skip(Context, Defined);
            }

            json.WriteNullValue();
            return;
        }

        WritePresent(json);
    }

    protected abstract void WritePresent(Utf8JsonWriter json);

    private static void Expect(Field field, int context, int repetition, bool definitionFits, bool repeats)
    {
        int expected = repeats ? repetition + 1 : repetition;
        if (!definitionFits || field.MaxRepetitionLevel != expected)
        {
            throw new CorruptDataException(
                $"column '{field.Path}' has definition level {field.MaxDefinitionLevel} and repetition level {field.MaxRepetitionLevel} inside levels {context} and {repetition}: a nesting Gate does not read", 0);
        }
    }
}

/// <summary>A value column: a string, number, timestamp, byte array…</summary>
internal sealed class LeafShape : ParquetShape
{
    public LeafShape(DataField field, int context)
        : base(field.Path.ToString(), context, field.MaxDefinitionLevel, new LeafShape[1])
    {
        Field = field;
        Leaves[0] = this;
    }

    public DataField Field { get; }

    /// <summary>This row group's data of the column; set before each row group is written.</summary>
    public ParquetColumn Column { get; set; } = null!;

    protected override void WritePresent(Utf8JsonWriter json) => Column.WriteValue(json);
}

/// <summary>A struct: a JSON object of its fields in schema order.</summary>
internal sealed class GroupShape(string path, int context, int defined, string[] names, ParquetShape[] children)
    : ParquetShape(path, context, defined, [.. children.SelectMany(c => c.Leaves)])
{
    protected override void WritePresent(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        for (int i = 0; i < children.Length; i++)
        {
            json.WritePropertyName(names[i]);
            children[i].Write(json);
        }

        json.WriteEndObject();
    }
}

/// <summary>
/// A value that repeats: null below <see cref="ParquetShape.Defined"/>, empty below
/// <paramref name="nonEmpty"/>, else elements that each start at repetition level <paramref name="repetition"/>.
/// </summary>
internal abstract class RepeatedShape(string path, int context, int defined, int nonEmpty, int repetition, LeafShape[] leaves)
    : ParquetShape(path, context, defined, leaves)
{
    protected sealed override void WritePresent(Utf8JsonWriter json)
    {
        if (Leaves[0].Column.PeekDefinition() < nonEmpty)
        {
            foreach (LeafShape leaf in Leaves)
            {
                leaf.Column.Skip(Defined, nonEmpty);
            }

            WriteStart(json);
            WriteEnd(json);
            return;
        }

        WriteStart(json);
        do
        {
            WriteElement(json);
        }
        while (Continues());

        WriteEnd(json);
    }

    protected abstract void WriteStart(Utf8JsonWriter json);

    protected abstract void WriteElement(Utf8JsonWriter json);

    protected abstract void WriteEnd(Utf8JsonWriter json);

    /// <summary>Whether another element follows: every leaf's next entry repeats at this level, or none does.</summary>
    private bool Continues()
    {
        int repeating = 0;
        foreach (LeafShape leaf in Leaves)
        {
            int next = leaf.Column.NextRepetition();
            if (next > repetition)
            {
                throw new CorruptDataException($"column '{leaf.Path}' repeats at level {next} where '{Path}' allows at most {repetition}", 0);
            }

            repeating += next == repetition ? 1 : 0;
        }

        if (repeating != 0 && repeating != Leaves.Length)
        {
            throw new CorruptDataException($"the columns of '{Path}' disagree on where its elements start", 0);
        }

        return repeating != 0;
    }
}

/// <summary>A list (or a map whose keys are not strings, as a list of key/value objects): a JSON array.</summary>
internal sealed class ListShape(string path, int context, int defined, int nonEmpty, int repetition, ParquetShape item)
    : RepeatedShape(path, context, defined, nonEmpty, repetition, item.Leaves)
{
    protected override void WriteStart(Utf8JsonWriter json) => json.WriteStartArray();

    protected override void WriteElement(Utf8JsonWriter json) => item.Write(json);

    protected override void WriteEnd(Utf8JsonWriter json) => json.WriteEndArray();
}

/// <summary>A map with string keys: a JSON object, entries in file order.</summary>
internal sealed class MapObjectShape(string path, int context, int defined, int nonEmpty, int repetition, LeafShape key, ParquetShape value)
    : RepeatedShape(path, context, defined, nonEmpty, repetition, [key, .. value.Leaves])
{
    protected override void WriteStart(Utf8JsonWriter json) => json.WriteStartObject();

    protected override void WriteElement(Utf8JsonWriter json)
    {
        json.WritePropertyName(((ParquetColumn<ReadOnlyMemory<char>>)key.Column).Take().Span);
        value.Write(json);
    }

    protected override void WriteEnd(Utf8JsonWriter json) => json.WriteEndObject();
}
