using System.Globalization;
using ParquetSharp.Schema;

namespace Gate.Core.Scanning;

/// <summary>
/// What Gate's own reading of a Parquet footer found (<see cref="ParquetFooter"/>), to be confirmed
/// against the reader's view of the same footer: if the two readings part anywhere (a footer crafted
/// so that a hand-written parser skips what the real one reads), the checks made on Gate's reading
/// would not hold for the rows the reader gives, so the file is refused.
/// </summary>
internal sealed class FooterFacts
{
    /// <summary>The schema's names in the footer's order: the root, then every node depth first.</summary>
    public List<string> Names { get; } = [];

    public int RowGroups { get; set; }

    public int Chunks { get; set; }

    /// <summary>Each column chunk's bytes and its row group.</summary>
    public List<(long Start, long End, int Group)> Ranges { get; } = [];

    /// <summary>The reader saw the same schema names (it cuts a name at NUL, which Gate's reading refused), row groups and column chunks.</summary>
    public void Confirm(int rowGroups, int columns, GroupNode root)
    {
        var names = new List<string>();
        Preorder(root, names);
        if (rowGroups != RowGroups || (long)rowGroups * columns != Chunks || !names.SequenceEqual(Names, StringComparer.Ordinal))
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"the Parquet footer reads one way to Gate ({Names.Count} schema nodes, {RowGroups} row groups, {Chunks} column chunks) and another to the reader ({names.Count}, {rowGroups}, {(long)rowGroups * columns}); Gate refuses it"), 0);
        }
    }

    private static void Preorder(Node node, List<string> names)
    {
        var pending = new Stack<Node>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            Node current = pending.Pop();
            names.Add(current.Name);
            if (current is GroupNode group)
            {
                Node[] fields = group.Fields;
                for (int i = fields.Length - 1; i >= 0; i--)
                {
                    pending.Push(fields[i]);
                }
            }
        }
    }
}
