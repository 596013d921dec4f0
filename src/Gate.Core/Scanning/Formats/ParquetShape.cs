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
            if (node is GroupNode annotated && (node.ConvertedType is ConvertedType.List or ConvertedType.Map || IsListOrMap(annotated)))
            {
                throw new CorruptDataException($"column '{path}' is a LIST or MAP that repeats, which the format does not allow", 0);
            }

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
        if (IsList(parent, logical))
        {
            return List(parent, path, context, defined, repetition, ref leaves, depth);
        }

        if (logical is MapLogicalType || parent.ConvertedType is ConvertedType.Map or ConvertedType.MapKeyValue)
        {
            using Node pairs = OnlyRepeatedChild(parent, path, "MAP");
            if (pairs is not GroupNode entries || entries.FieldCount is not (1 or 2))
            {
                throw new CorruptDataException($"column '{path}' is a MAP whose repeated group does not hold a key and a value", 0);
            }

            using Node keyNode = entries.Field(0);
            if (keyNode.Repetition != Repetition.Required)
            {
                throw new CorruptDataException($"column '{path}' is a MAP whose keys are not required", 0);
            }

            if (entries.FieldCount == 1)
            {
                // Keys without values: the reference reader reads the map as a LIST, by the LIST rules.
                return List(parent, path, context, defined, repetition, ref leaves, depth);
            }

            ParquetShape key = Of(keyNode, defined + 1, repetition + 1, ref leaves, depth + 1);
            using Node valueNode = entries.Field(1);
            ParquetShape value = Of(valueNode, defined + 1, repetition + 1, ref leaves, depth + 1);
            // Only required string keys make an object: its form is decided by the schema, never by the data.
            if (key is LeafShape { IsString: true } textKey)
            {
                return new MapObjectShape(path, context, defined, defined + 1, repetition + 1, textKey, value);
            }

            var entry = new GroupShape(path, defined + 1, defined + 1, ["key", "value"], [key, value]);
            return new ListShape(path, context, defined, defined + 1, repetition + 1, entry);
        }

        return Struct(parent, path, context, defined, repetition, ref leaves, depth);
    }

    private static bool IsListOrMap(GroupNode group)
    {
        using LogicalType logical = group.LogicalType;
        return logical is ListLogicalType or MapLogicalType;
    }

    private static bool IsList(GroupNode group, LogicalType logical) => logical is ListLogicalType || group.ConvertedType == ConvertedType.List;

    /// <summary>
    /// A LIST-annotated group, by the rules of the reference reader (Apache Arrow's), in order: its
    /// one child must repeat; a repeated primitive is the element (two-level form); a repeated group
    /// that is itself a LIST is a list element; one of several fields, named <c>array</c> or
    /// <c>{name}_tuple</c>, or whose one field repeats, is a struct element (legacy two-level
    /// forms); otherwise it only wraps the element, its one field (the three-level form).
    /// </summary>
    private static ListShape List(GroupNode list, string path, int context, int defined, int repetition, ref int leaves, int depth)
    {
        using Node repeated = OnlyRepeatedChild(list, path, "LIST");
        int inside = defined + 1;
        ParquetShape element;
        if (repeated is not GroupNode items)
        {
            element = new LeafShape(repeated.Path.ToDotString(), inside, inside, repetition + 1, leaves++, repeated);
        }
        else
        {
            using LogicalType itemsType = items.LogicalType;
            using Node first = items.FieldCount > 0 ? items.Field(0) : null!;
            if (itemsType is MapLogicalType || items.ConvertedType is ConvertedType.Map or ConvertedType.MapKeyValue)
            {
                throw new CorruptDataException($"column '{path}' is a LIST whose repeated group is a MAP, which the reference reader refuses", 0);
            }

            if (IsList(items, itemsType) && items.FieldCount == 1)
            {
                // A list of lists whose inner LIST is the repeated group itself, around a repeated primitive.
                if (first is not PrimitiveNode { Repetition: Repetition.Repeated })
                {
                    throw new CorruptDataException($"column '{path}' is a LIST whose repeated group is a LIST around something other than a repeated value, which the reference reader refuses", 0);
                }

                element = List(items, items.Path.ToDotString(), inside, inside, repetition + 1, ref leaves, depth + 1);
            }
            else if (items.FieldCount != 1 || items.Name == "array" || items.Name == list.Name + "_tuple" || first.Repetition == Repetition.Repeated)
            {
                element = Struct(items, items.Path.ToDotString(), inside, inside, repetition + 1, ref leaves, depth + 1);
            }
            else
            {
                element = Of(first, inside, repetition + 1, ref leaves, depth + 1);
            }
        }

        return new ListShape(path, context, defined, inside, repetition + 1, element);
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

        CheckNames(names, path);
        return new GroupShape(path, context, defined, names, children);
    }

    /// <summary>
    /// The field names of one object (the file's columns, or a struct's fields) must be distinct
    /// UTF-8 text: readers disagree on a name given twice (DuckDB renames the second, Arrow keeps
    /// both, a JSON object keeps the last), so a row's hash could leave out data every reader shows;
    /// and a name that is not UTF-8 reads as another name.
    /// </summary>
    public static void CheckNames(IReadOnlyList<string> names, string? path)
    {
        string where = path is null ? "the file's columns" : $"the fields of '{path}'";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                throw new CorruptDataException($"{where} include a name that is not UTF-8 text", 0);
            }

            if (!seen.Add(name))
            {
                throw new CorruptDataException($"{where} name '{name}' twice; readers disagree on which one a row holds, so Gate refuses it", 0);
            }
        }
    }

    /// <summary>A LIST's or MAP's single child, which must repeat (as the format and the reference reader require).</summary>
    private static Node OnlyRepeatedChild(GroupNode parent, string path, string kind)
    {
        if (parent.FieldCount != 1)
        {
            throw new CorruptDataException($"column '{path}' is a {kind} that is not a group around one repeated field", 0);
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
        IsString = logical is StringLogicalType or EnumLogicalType or JsonLogicalType && node is PrimitiveNode { PhysicalType: PhysicalType.ByteArray };
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
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    protected override void WriteStart(Utf8JsonWriter json)
    {
        _keys.Clear();
        json.WriteStartObject();
    }

    /// <summary>
    /// A key given twice in one map is refused: the reference reader keeps both entries, a JSON
    /// object only the last, so the row's hash would leave one value out.
    /// </summary>
    protected override void WriteElement(Utf8JsonWriter json)
    {
        ReadOnlySpan<byte> name = ParquetValues.Utf8Text(key.Column.Values.ValueBytes(key.Column.TakeValue()), key.Path);
        if (!_keys.Add(System.Text.Encoding.UTF8.GetString(name)))
        {
            throw new CorruptDataException($"column '{Path}' holds a map with a key given twice; readers disagree on which value it has, so Gate refuses it", 0);
        }

        json.WritePropertyName(name);
        value.Write(json);
    }

    protected override void WriteEnd(Utf8JsonWriter json) => json.WriteEndObject();
}
