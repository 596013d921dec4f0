using System.Globalization;
using System.Text;
using System.Text.Json;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Policy;

namespace Gate.Core.Reports;

/// <summary>Writes a <see cref="LineageNode"/> tree as indented text, JSON or a Mermaid graph.</summary>
public static class LineageWriter
{
    public static string ToText(LineageNode root)
    {
        var sb = new StringBuilder();
        sb.Append(VisibleText.Escape(root.Id)).Append(Describe(root)).Append('\n');
        WriteChildren(sb, root, "");
        return sb.ToString();
    }

    public static string ToJson(LineageNode root, Ancestry ancestry) => JsonText.ToString(json => WriteJson(json, root, ancestry));

    private static void WriteJson(Utf8JsonWriter json, LineageNode root, Ancestry ancestry)
    {
        json.WriteStartObject();
        json.WriteString("schema", "gate-lineage/1");
        json.WriteString("model", root.Id);
        json.WriteBoolean("resolved", ancestry.IsFullyResolved);
        json.WriteStartArray("ancestors");
        foreach (var (id, distance) in ancestry.Distances.OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteNumber("distance", distance);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("families");
        foreach (string family in ancestry.Families)
        {
            json.WriteStringValue(family);
        }

        json.WriteEndArray();
        json.WriteStartArray("unresolved");
        foreach (UnresolvedModel u in ancestry.Unresolved)
        {
            json.WriteStartObject();
            json.WriteString("id", u.Id);
            json.WriteString("reason", u.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WritePropertyName("tree");
        WriteNode(json, root);
        json.WriteEndObject();
    }

    public static string ToMermaid(LineageNode root)
    {
        var sb = new StringBuilder("graph BT\n");
        var ids = new Dictionary<string, string>(Lineage.ModelId.Comparer);
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        Collect(root);
        return sb.Append(string.Concat(edges)).ToString();

        string NodeId(LineageNode node)
        {
            if (!ids.TryGetValue(node.Id, out string? id))
            {
                id = "m" + ids.Count.ToString(CultureInfo.InvariantCulture);
                ids[node.Id] = id;
                string label = MermaidText.Label(node.Id);
                string shape = node.Known ? (node.IsRoot ? $"[(\"{label}\")]" : $"[\"{label}\"]") : $"{{{{\"{label} (unknown)\"}}}}";
                sb.Append("  ").Append(id).Append(shape).Append('\n');
            }

            return id;
        }

        void Collect(LineageNode node)
        {
            string child = NodeId(node);
            foreach (LineageNode parent in node.Parents)
            {
                edges.Add($"  {child} -->|{node.Relation}| {NodeId(parent)}\n");
                Collect(parent);
            }

            foreach (string teacher in node.DistilledFrom)
            {
                edges.Add($"  {child} -.->|distilled from| {NodeId(new LineageNode(teacher, true, false, null, null, null, null, null, true, [], []))}\n");
            }
        }
    }

    private static void WriteChildren(StringBuilder sb, LineageNode node, string indent)
    {
        var children = node.Parents.Select(p => (Text: $"{node.Relation} of {p.Id}{Describe(p)}", Node: (LineageNode?)p))
            .Concat(node.DistilledFrom.Select(d => (Text: $"distilled from {d} (behavioural parent)", Node: (LineageNode?)null)))
            .ToList();
        for (int i = 0; i < children.Count; i++)
        {
            bool last = i == children.Count - 1;
            sb.Append(indent).Append(last ? "└─ " : "├─ ").Append(children[i].Text).Append('\n');
            if (children[i].Node is { } child)
            {
                WriteChildren(sb, child, indent + (last ? "   " : "│  "));
            }
        }
    }

    private static string Describe(LineageNode node)
    {
        var parts = new List<string>();
        if (!node.Known) parts.Add("UNKNOWN: " + node.Unresolved);
        else if (node.Unresolved is not null) parts.Add("UNRESOLVED: " + node.Unresolved);
        if (node.IsRoot) parts.Add("root");
        if (node.Family is not null) parts.Add("family " + node.Family);
        if (node.Origin is { } origin && !node.Repeated) parts.Add(origin);
        if (node.Repeated) parts.Add("shown above");
        if (node.Truncated) parts.Add($"its ancestry goes on beyond {LineageNode.MaxDepth} generations: run 'gate lineage {node.Id}'");
        return parts.Count == 0 ? string.Empty : VisibleText.Escape("  (" + string.Join("; ", parts) + ")");
    }

    private static void WriteNode(Utf8JsonWriter json, LineageNode node)
    {
        json.WriteStartObject();
        json.WriteString("id", node.Id);
        json.WriteBoolean("known", node.Known);
        json.WriteBoolean("root", node.IsRoot);
        if (node.Family is null) json.WriteNull("family"); else json.WriteString("family", node.Family);
        if (node.Relation is null) json.WriteNull("relation"); else json.WriteString("relation", node.Relation);
        if (node.Unresolved is null) json.WriteNull("unresolved"); else json.WriteString("unresolved", node.Unresolved);
        if (node.DeclaredAt is { } at) JsonReportWriter.WriteLocation(json, "declaredAt", at); else json.WriteNull("declaredAt");
        if (node.Source is { } source) json.WriteString("source", SourceName(source)); else json.WriteNull("source");
        if (node.Revision is { } revision) json.WriteString("revision", revision); else json.WriteNull("revision");
        json.WriteStartArray("distilledFrom");
        foreach (string d in node.DistilledFrom) json.WriteStringValue(d);
        json.WriteEndArray();
        json.WriteStartArray("bases");
        foreach (LineageNode parent in node.Parents) WriteNode(json, parent);
        json.WriteEndArray();
        if (node.Truncated) json.WriteBoolean("truncated", true);
        json.WriteEndObject();
    }

    private static string SourceName(ModelSource source) => source switch
    {
        ModelSource.Registry => "registry",
        ModelSource.Student => "student",
        ModelSource.ModelCard => "model-card",
        ModelSource.Catalog => "catalog",
        ModelSource.Hub => "hub",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };
}
