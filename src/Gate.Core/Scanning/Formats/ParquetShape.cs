using System.Text.Json;
using ParquetSharp;
using ParquetSharp.Schema;

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

    /// <summary>
    /// The shape of a schema node whose enclosing value is there at definition level
    /// <paramref name="context"/> and repeats at <paramref name="repetition"/>: lists, maps and
    /// structs as Apache Arrow's reader makes them of Parquet's layouts (the three-level LIST and
    /// MAP, their legacy two-level forms, and a repeated field outside any, which is a list whose
    /// elements are never null). Leaf columns are numbered in schema order from <paramref name="leaves"/>.
    /// </summary>
    public static ParquetShape Of(Node node, int context, int repetition, ref int leaves, int depth = 0)
    {
        string path = node.Path.ToDotString();
        if (depth >= MaxDepth)
        {
            throw new CorruptDataException($"column '{path}' is nested more than {MaxDepth} levels deep, which Gate does not read", 0);
        }

        if (node.Repetition == Repetition.Repeated)
        {
            // A repeated field outside a LIST or MAP: a list that is never null and whose elements never are.
            ParquetShape element = node is GroupNode group
                ? Struct(group, path, context + 1, context + 1, repetition + 1, ref leaves, depth)
                : new LeafShape(path, context + 1, context + 1, repetition + 1, leaves++, node);
            return new ListShape(path, context, context, context + 1, repetition + 1, element);
        }

        int defined = node.Repetition == Repetition.Optional ? context + 1 : context;
        if (node is not GroupNode parent)
        {
            return new LeafShape(path, context, defined, repetition, leaves++, node);
        }

        using LogicalType logical = parent.LogicalType;
        if (logical is ListLogicalType || parent.ConvertedType == ConvertedType.List)
        {
            using Node repeated = OnlyRepeatedChild(parent, path, "LIST");
            ParquetShape element;
            if (repeated is not GroupNode items)
            {
                element = new LeafShape(repeated.Path.ToDotString(), defined + 1, defined + 1, repetition + 1, leaves++, repeated);
            }
            else if (items.FieldCount == 1 && items.Name != "array" && !items.Name.EndsWith("_tuple", StringComparison.Ordinal))
            {
                // The three-level form: the repeated group only wraps the element.
                using Node item = items.Field(0);
                element = Of(item, defined + 1, repetition + 1, ref leaves, depth + 1);
            }
            else
            {
                // The legacy two-level form whose element is the repeated group itself.
                element = Struct(items, repeated.Path.ToDotString(), defined + 1, defined + 1, repetition + 1, ref leaves, depth + 1);
            }

            return new ListShape(path, context, defined, defined + 1, repetition + 1, element);
        }

        if (logical is MapLogicalType || parent.ConvertedType is ConvertedType.Map or ConvertedType.MapKeyValue)
        {
            using Node pairs = OnlyRepeatedChild(parent, path, "MAP");
            if (pairs is not GroupNode entries || entries.FieldCount != 2)
            {
                throw new CorruptDataException($"column '{path}' is a MAP whose repeated group does not hold a key and a value", 0);
            }

            using Node keyNode = entries.Field(0);
            using Node valueNode = entries.Field(1);
            if (keyNode.Repetition == Repetition.Repeated)
            {
                throw new CorruptDataException($"column '{path}' is a MAP whose key repeats", 0);
            }

            ParquetShape key = Of(keyNode, defined + 1, repetition + 1, ref leaves, depth + 1);
            ParquetShape value = Of(valueNode, defined + 1, repetition + 1, ref leaves, depth + 1);
            // Only required string keys make an object: its form is decided by the schema, never by the data.
            if (key is LeafShape { IsString: true } textKey && key.Defined == defined + 1)
            {
                return new MapObjectShape(path, context, defined, defined + 1, repetition + 1, textKey, value);
            }

            var entry = new GroupShape(path, defined + 1, defined + 1, ["key", "value"], [key, value]);
            return new ListShape(path, context, defined, defined + 1, repetition + 1, entry);
        }

        return Struct(parent, path, context, defined, repetition, ref leaves, depth);
    }

    private static GroupShape Struct(GroupNode group, string path, int context, int defined, int repetition, ref int leaves, int depth)
    {
        if (group.FieldCount == 0)
        {
            throw new CorruptDataException($"column '{path}' is a struct without fields", 0);
        }

        var names = new string[group.FieldCount];
        var children = new ParquetShape[group.FieldCount];
        for (int i = 0; i < children.Length; i++)
        {
            using Node child = group.Field(i);
            names[i] = child.Name;
            children[i] = Of(child, defined, repetition, ref leaves, depth + 1);
        }

        return new GroupShape(path, context, defined, names, children);
    }

    /// <summary>A LIST's or MAP's single child, which must repeat (as the format and the reference reader require).</summary>
    private static Node OnlyRepeatedChild(GroupNode parent, string path, string kind)
    {
        if (parent.Repetition == Repetition.Repeated || parent.FieldCount != 1)
        {
            throw new CorruptDataException($"column '{path}' is a {kind} that is not one non-repeated group around one repeated field", 0);
        }

        Node child = parent.Field(0);
        if (child.Repetition != Repetition.Repeated)
        {
            child.Dispose();
            throw new CorruptDataException($"column '{path}' is a {kind} whose field does not repeat", 0);
        }

        return child;
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
}

/// <summary>A value column: a string, number, timestamp, byte array…</summary>
internal sealed class LeafShape : ParquetShape
{
    public LeafShape(string path, int context, int defined, int repetition, int index, Node node)
        : base(path, context, defined, new LeafShape[1])
    {
        Repetition = repetition;
        Index = index;
        using LogicalType logical = node.LogicalType;
        IsString = logical is StringLogicalType && node is PrimitiveNode { PhysicalType: PhysicalType.ByteArray };
        Leaves[0] = this;
    }

    /// <summary>The column's maximum repetition level.</summary>
    public int Repetition { get; }

    /// <summary>The column's number among the file's leaf columns (schema order).</summary>
    public int Index { get; }

    /// <summary>Whether its values are UTF-8 strings.</summary>
    public bool IsString { get; }

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
        json.WritePropertyName(ParquetValues.Utf8Text(key.Column.Values.Bytes(key.Column.TakeValue()), key.Path));
        value.Write(json);
    }

    protected override void WriteEnd(Utf8JsonWriter json) => json.WriteEndObject();
}
