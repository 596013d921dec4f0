using Gate.Core.Diagnostics;

namespace Gate.Core.Yaml;

// A closed set: the YAML node and its three kinds, which only make sense together.

/// <summary>
/// A YAML node with its source location. Gate reads YAML into this small tree instead of
/// deserializing into types: every value keeps its line and column for error messages, and
/// nothing in a user's file can name a .NET type.
/// </summary>
internal abstract record YamlNode(SourceLocation Location)
{
    /// <summary>What the node is, in the words an error message uses ("a list", "a mapping", "text").</summary>
    public abstract string Describe();
}

internal sealed record YamlScalar(string Value, bool IsPlain, SourceLocation Location) : YamlNode(Location)
{
    /// <summary>An unquoted empty, <c>~</c> or <c>null</c> scalar (YAML 1.2 core schema).</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "an empty value" : $"'{Value}'";
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, SourceLocation Location) : YamlNode(Location)
{
    public override string Describe() => "a list";
}

internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries, SourceLocation Location) : YamlNode(Location)
{
    public override string Describe() => "a mapping";

    public YamlNode? this[string key] =>
        Entries.FirstOrDefault(e => string.Equals(e.Key.Value, key, StringComparison.Ordinal)).Value;
}
