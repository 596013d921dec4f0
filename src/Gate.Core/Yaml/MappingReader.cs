using System.Globalization;
using Gate.Core.Diagnostics;

namespace Gate.Core.Yaml;

/// <summary>
/// Typed, located access to one YAML mapping of a known shape. Unknown keys, wrong types and
/// missing required fields go to the <see cref="InputErrorSink"/>; the accessors then return null
/// so that loading continues and one run reports every mistake.
/// </summary>
internal sealed class MappingReader
{
    private readonly InputErrorSink _errors;

    public MappingReader(YamlMapping mapping, string what, InputErrorSink errors, IReadOnlyCollection<string> knownKeys, bool allowUnknownKeys = false)
    {
        Mapping = mapping;
        What = what;
        _errors = errors;
        if (allowUnknownKeys)
        {
            return;
        }

        foreach (var (key, _) in mapping.Entries)
        {
            if (!knownKeys.Contains(key.Value))
            {
                errors.Add(InputErrorKind.UnknownKey,
                    $"unknown key '{key.Value}' in {what}{Suggestions.DidYouMean(key.Value, knownKeys)}", key.Location);
            }
        }
    }

    /// <summary>Reads a node as a mapping; reports and returns null otherwise.</summary>
    public static MappingReader? For(YamlNode? node, string what, InputErrorSink errors, IReadOnlyCollection<string> knownKeys, bool allowUnknownKeys = false)
    {
        if (node is YamlMapping mapping)
        {
            return new MappingReader(mapping, what, errors, knownKeys, allowUnknownKeys);
        }

        if (node is not null)
        {
            errors.Add(InputErrorKind.InvalidValue, $"{what} must be a mapping of 'key: value' lines, not {node.Describe()}", node.Location);
        }

        return null;
    }

    public YamlMapping Mapping { get; }

    public string What { get; }

    public SourceLocation Location => Mapping.Location;

    public bool Has(string key) => Get(key) is not null;

    /// <summary>The value node of <paramref name="key"/>; an explicit null value counts as absent.</summary>
    public YamlNode? Get(string key) => Mapping[key] is YamlNode node and not YamlScalar { IsNull: true } ? node : null;

    public SourceLocation KeyLocation(string key) =>
        Mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Key?.Location ?? Location;

    public Located<string>? String(string key, bool required = false)
    {
        YamlNode? node = Get(key);
        if (node is null)
        {
            ReportMissing(key, required);
            return null;
        }

        if (node is YamlScalar scalar)
        {
            if (string.IsNullOrWhiteSpace(scalar.Value))
            {
                _errors.Add(InputErrorKind.InvalidValue, $"'{key}' in {What} is empty; give it a value or remove it", scalar.Location);
                return null;
            }

            return new Located<string>(scalar.Value, scalar.Location);
        }

        _errors.Add(InputErrorKind.InvalidValue, $"'{key}' in {What} must be a single value, not {node.Describe()}", node.Location);
        return null;
    }

    /// <summary>A value that may be written as one scalar or as a list of scalars (<c>base: a</c> or <c>base: [a, b]</c>).</summary>
    public IReadOnlyList<Located<string>> StringOrList(string key, bool required = false)
    {
        YamlNode? node = Get(key);
        switch (node)
        {
            case null:
                ReportMissing(key, required);
                return [];
            case YamlScalar scalar:
                return [new Located<string>(scalar.Value, scalar.Location)];
            case YamlSequence sequence:
                var items = new List<Located<string>>();
                foreach (YamlNode item in sequence.Items)
                {
                    if (item is YamlScalar { IsNull: false } s && !string.IsNullOrWhiteSpace(s.Value))
                    {
                        items.Add(new Located<string>(s.Value, s.Location));
                    }
                    else
                    {
                        _errors.Add(InputErrorKind.InvalidValue, $"each item of '{key}' in {What} must be a single value, not {item.Describe()}", item.Location);
                    }
                }

                if (required && items.Count == 0)
                {
                    _errors.Add(InputErrorKind.MissingField, $"'{key}' in {What} must name at least one value", node.Location);
                }

                return items;
            default:
                _errors.Add(InputErrorKind.InvalidValue, $"'{key}' in {What} must be a value or a list of values, not {node.Describe()}", node.Location);
                return [];
        }
    }

    public Located<bool>? Bool(string key)
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        switch (text.Value)
        {
            case "true" or "True" or "TRUE": return new Located<bool>(true, text.Location);
            case "false" or "False" or "FALSE": return new Located<bool>(false, text.Location);
            default:
                _errors.Add(InputErrorKind.InvalidValue, $"'{key}' in {What} must be true or false, not '{text.Value}'", text.Location);
                return null;
        }
    }

    public Located<int>? Integer(string key, bool required = false)
    {
        if (String(key, required) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            return new Located<int>(value, text.Location);
        }

        _errors.Add(InputErrorKind.InvalidValue, $"'{key}' in {What} must be a whole number, not '{text.Value}'", text.Location);
        return null;
    }

    public Located<DateOnly>? Date(string key, bool required = false)
    {
        if (String(key, required) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return new Located<DateOnly>(date, text.Location);
        }

        _errors.Add(InputErrorKind.InvalidDate, $"'{key}' in {What} must be a date written YYYY-MM-DD, not '{text.Value}'", text.Location);
        return null;
    }

    /// <summary>A value from a closed set (<c>relation: finetune</c>); reports the allowed values and a suggestion.</summary>
    public Located<string>? OneOf(string key, IReadOnlyCollection<string> allowed, bool required = false)
    {
        if (String(key, required) is not { } text)
        {
            return null;
        }

        if (allowed.Contains(text.Value))
        {
            return text;
        }

        _errors.Add(InputErrorKind.InvalidValue,
            $"'{key}' in {What} must be one of {string.Join(", ", allowed)}, not '{text.Value}'{Suggestions.DidYouMean(text.Value, allowed)}", text.Location);
        return null;
    }

    /// <summary>The items of a list-valued key, reporting a non-list.</summary>
    public IReadOnlyList<YamlNode> List(string key, bool required = false)
    {
        YamlNode? node = Get(key);
        switch (node)
        {
            case null:
                ReportMissing(key, required);
                return [];
            case YamlSequence sequence:
                return sequence.Items;
            default:
                _errors.Add(InputErrorKind.InvalidValue, $"'{key}' in {What} must be a list ('- item' lines), not {node.Describe()}", node.Location);
                return [];
        }
    }

    private void ReportMissing(string key, bool required)
    {
        if (required)
        {
            _errors.Add(InputErrorKind.MissingField, $"{What} needs '{key}'", Location);
        }
    }
}
