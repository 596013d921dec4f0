using System.Globalization;
using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gate.Core.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="YamlNode"/> tree from YamlDotNet's event parser.
/// Refuses anchors and aliases (no alias bombs), custom tags (nothing can name a type),
/// duplicate keys, several documents, and nesting or sizes beyond <see cref="YamlLimits"/>.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>The YAML 1.2 core schema tags: they name plain data, never a type to build.</summary>
    private static readonly HashSet<string> CoreSchemaTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    };

    /// <summary>Reads a file; returns null for an empty document. Throws <see cref="GateInputException"/>.</summary>
    public static YamlNode? ReadFile(string fullPath, string displayPath, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        string text = ReadText(fullPath, displayPath, limits);
        return Parse(text, displayPath, limits);
    }

    /// <summary>Reads UTF-8 text strictly: a BOM is accepted, invalid bytes are an error, never replaced.</summary>
    public static string ReadText(string fullPath, string displayPath, YamlLimits limits)
    {
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Length > limits.MaxFileBytes)
            {
                throw new GateInputException(new InputError(InputErrorKind.MalformedInput,
                    string.Create(CultureInfo.InvariantCulture, $"the file is {info.Length:N0} bytes; Gate reads YAML files of at most {limits.MaxFileBytes:N0} bytes"),
                    SourceLocation.WholeFile(displayPath)));
            }

            FileType.EnsureRegular(fullPath);
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            throw new GateInputException(new InputError(InputErrorKind.MalformedInput,
                "the file is not valid UTF-8; save it as UTF-8", SourceLocation.WholeFile(displayPath)));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GateInputException(new InputError(InputErrorKind.FileNotReadable,
                "the file does not exist", SourceLocation.WholeFile(displayPath)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateInputException(new InputError(InputErrorKind.FileNotReadable,
                $"the file cannot be read: {ex.Message}", SourceLocation.WholeFile(displayPath)));
        }
    }

    /// <summary>
    /// Decides on a key that appears twice in one mapping: true keeps the later value (as PyYAML,
    /// and so the Hugging Face Hub, reads it), false refuses the file (GATE104). Arguments: the
    /// repeated key, where it first appeared, and the mapping's depth (1 for the document's top).
    /// </summary>
    public delegate bool DuplicateKeyPolicy(YamlScalar key, SourceLocation first, int depth);

    /// <summary>Parses text; returns null for an empty document. Throws <see cref="GateInputException"/>.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="displayPath">The file name errors name.</param>
    /// <param name="limits">Bounds on size and nesting.</param>
    /// <param name="duplicates">How a repeated key is treated; null refuses every one.</param>
    public static YamlNode? Parse(string text, string displayPath, YamlLimits? limits = null, DuplicateKeyPolicy? duplicates = null)
    {
        limits ??= YamlLimits.Default;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (text.IndexOf('\0') is var nul and >= 0)
        {
            throw Error(InputErrorKind.MalformedInput, "the file contains a NUL character; it is not a text file", At(text, nul, displayPath));
        }

        var builder = new Builder(new Parser(new StringReader(text)), displayPath, limits, duplicates);
        try
        {
            return builder.ReadStream();
        }
        catch (YamlException ex)
        {
            var location = new SourceLocation(displayPath, (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column));
            throw Error(InputErrorKind.MalformedInput, $"invalid YAML: {CleanMessage(ex.Message)}", location);
        }
        catch (EndOfStreamException)
        {
            throw Error(InputErrorKind.MalformedInput, "the YAML ends unexpectedly (truncated file?)", At(text, text.Length, displayPath));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these on some malformed input (e.g. an unclosed flow
            // sequence) instead of a YamlException: still the user's syntax error, not Gate's.
            throw Error(InputErrorKind.MalformedInput, "invalid YAML after this point (an unclosed bracket or quote?)", builder.LastLocation);
        }
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (…): "; Gate prints its own location.
        int marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        string core = marker >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(marker + 3)..] : message;
        return core.TrimEnd('.');
    }

    private static SourceLocation At(string text, int index, string file)
    {
        int line = 1, column = 1;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n') { line++; column = 1; } else { column++; }
        }

        return new SourceLocation(file, line, column);
    }

    private static GateInputException Error(InputErrorKind kind, string message, SourceLocation location) =>
        new(new InputError(kind, message, location));

    private sealed class Builder(IParser parser, string file, YamlLimits limits, DuplicateKeyPolicy? duplicates)
    {
        /// <summary>Where the last successfully parsed element started.</summary>
        public SourceLocation LastLocation { get; private set; } = new(file, 1, 1);

        public YamlNode? ReadStream()
        {
            Expect<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            Expect<DocumentStart>();
            YamlNode? root = ReadNode(depth: 1);
            Expect<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                throw Error(InputErrorKind.MalformedInput,
                    "the file holds more than one YAML document ('---'); Gate reads exactly one", Location(parser.Current!.Start));
            }

            return root is YamlScalar { IsNull: true } ? null : root;
        }

        private YamlNode ReadNode(int depth)
        {
            ParsingEvent current = parser.Current ?? throw Error(InputErrorKind.MalformedInput, "unexpected end of the file", new SourceLocation(file, 1, 1));
            SourceLocation at = Location(current.Start);
            LastLocation = at;
            if (depth > limits.MaxDepth)
            {
                throw Error(InputErrorKind.MalformedInput, $"the YAML is nested more than {limits.MaxDepth} levels deep", at);
            }

            switch (current)
            {
                case AnchorAlias alias:
                    throw Error(InputErrorKind.MalformedInput, $"YAML aliases (*{alias.Value}) are not supported; write the value out", at);
                case NodeEvent { Anchor.IsEmpty: false } node:
                    throw Error(InputErrorKind.MalformedInput, $"YAML anchors (&{node.Anchor}) are not supported; write the value out", at);
                case NodeEvent { Tag.IsEmpty: false } node when !IsCoreSchemaTag(node.Tag):
                    throw Error(InputErrorKind.MalformedInput, $"the YAML tag '{node.Tag}' is not supported; remove it", at);
            }

            switch (current)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    if (scalar.Value.Length > limits.MaxScalarLength)
                    {
                        throw Error(InputErrorKind.MalformedInput, string.Create(CultureInfo.InvariantCulture, $"a value is {scalar.Value.Length:N0} characters long; the limit is {limits.MaxScalarLength:N0}"), at);
                    }

                    return new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, at);

                case SequenceStart:
                    {
                        parser.MoveNext();
                        var items = new List<YamlNode>();
                        while (!parser.TryConsume<SequenceEnd>(out _))
                        {
                            items.Add(ReadNode(depth + 1));
                        }

                        return new YamlSequence(items, at);
                    }

                case MappingStart:
                    {
                        parser.MoveNext();
                        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
                        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                        while (!parser.TryConsume<MappingEnd>(out _))
                        {
                            YamlNode keyNode = ReadNode(depth + 1);
                            if (keyNode is not YamlScalar key)
                            {
                                throw Error(InputErrorKind.MalformedInput, "a mapping key must be plain text, not a list or mapping", keyNode.Location);
                            }

                            if (seen.TryGetValue(key.Value, out SourceLocation first))
                            {
                                if (duplicates?.Invoke(key, first, depth) != true)
                                {
                                    throw Error(InputErrorKind.DuplicateKey,
                                        $"the key '{key.Value}' appears twice in this mapping (first at line {first.Line}); keep one", key.Location);
                                }

                                entries.RemoveAll(e => e.Key.Value == key.Value); // the later value wins
                            }

                            seen[key.Value] = key.Location;
                            entries.Add(new(key, ReadNode(depth + 1)));
                        }

                        return new YamlMapping(entries, at);
                    }

                default:
                    throw Error(InputErrorKind.MalformedInput, $"unexpected YAML element {current.GetType().Name}", at);
            }
        }

        private static bool IsCoreSchemaTag(YamlDotNet.Core.TagName tag) =>
            tag.IsNonSpecific || CoreSchemaTags.Contains(tag.Value);

        private void Expect<T>() where T : ParsingEvent
        {
            if (!parser.TryConsume<T>(out _))
            {
                ParsingEvent? current = parser.Current;
                throw Error(InputErrorKind.MalformedInput, "unexpected YAML structure",
                    current is null ? new SourceLocation(file, 1, 1) : Location(current.Start));
            }
        }

        private SourceLocation Location(Mark mark) =>
            new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));
    }
}
