using System.Text.Json;
using System.Text.RegularExpressions;
using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Repository;
using Gate.Core.Yaml;

namespace Gate.Core.Lineage;

/// <summary>
/// Reads lineage from model cards as the Hugging Face Hub reads them: README front matter
/// (<c>base_model</c>, one id or a list; <c>base_model_relation</c>; the Hub's
/// <c>base_model:{relation}:{id}</c> tags) and PEFT <c>adapter_config.json</c>
/// (<c>base_model_name_or_path</c>). A card's model id is its folder below the glob's fixed part.
/// A card without a base adds nothing: it does not make its model a root. Cards are written by
/// thousands of authors and tools, so a slip the Hub reads past (a repeated key away from the keys
/// lineage rests on) is a warning; a slip in those keys stays an error.
/// </summary>
internal static class ModelCardReader
{
    public const string AdapterConfigFileName = "adapter_config.json";

    /// <summary>The front-matter keys lineage rests on: a repeated one is an error, not a warning.</summary>
    private static readonly string[] LineageKeys = ["base_model", "base_model_relation", "tags"];

    /// <summary>
    /// The Hub's own front-matter pattern (huggingface_hub's <c>REGEX_YAML_BLOCK</c>): optional
    /// leading whitespace, a <c>---</c> line, the YAML, and the next line that is exactly <c>---</c>.
    /// Non-backtracking, so a card of a million blank lines costs linear time.
    /// </summary>
    private static readonly Regex FrontMatterBlock = new(@"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))", RegexOptions.NonBacktracking);

    public static ModelCardSet ReadAll(RepositoryRoot root, IReadOnlyList<string> files, IReadOnlyList<Located<Glob>> globs, InputErrorSink errors)
    {
        var cards = new List<ModelDeclaration>();
        var withoutBase = new List<Located<string>>();
        var warnings = new List<CardWarning>();
        foreach (string file in files)
        {
            if (globs.FirstOrDefault(g => g.Value.IsMatch(file)) is not { } glob)
            {
                continue;
            }

            string id = ModelIdOf(file, glob.Value);
            if (id.Length == 0)
            {
                continue; // a card directly in the glob's fixed folder describes no particular model
            }

            if (!ModelId.Check(new Located<string>(id, SourceLocation.WholeFile(file)), "the model card's folder, read as a model id,", errors))
            {
                continue;
            }

            try
            {
                if (!root.IsInsideAfterLinks(file))
                {
                    errors.Add(InputErrorKind.PathOutsideRepository, "the model card is a link that leads outside the checked folder; Gate does not follow it", SourceLocation.WholeFile(file));
                    continue;
                }

                ModelDeclaration? card = Path.GetFileName(file).Equals(AdapterConfigFileName, StringComparison.OrdinalIgnoreCase)
                    ? ReadAdapterConfig(root.ToFullPath(file), file, id, errors)
                    : ReadReadme(root.ToFullPath(file), file, id, errors, warnings);
                if (card is not null)
                {
                    cards.Add(card);
                }
                else
                {
                    withoutBase.Add(new Located<string>(id, SourceLocation.WholeFile(file)));
                }
            }
            catch (GateInputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        return new ModelCardSet(cards, withoutBase, warnings);
    }

    /// <summary><c>models/Qwen/QwQ-32B/README.md</c> under <c>models/**/README.md</c> → <c>Qwen/QwQ-32B</c>.</summary>
    public static string ModelIdOf(string cardPath, Glob glob)
    {
        string folder = RepositoryRoot.FolderOf(cardPath);
        string prefix = glob.FixedPrefix;
        if (prefix.Length == 0)
        {
            return folder;
        }

        return folder.Length > prefix.Length && folder.StartsWith(prefix + "/", StringComparison.Ordinal) ? folder[(prefix.Length + 1)..] : string.Empty;
    }

    private static ModelDeclaration? ReadReadme(string fullPath, string file, string id, InputErrorSink errors, List<CardWarning> warnings)
    {
        string text = YamlTreeReader.ReadText(fullPath, file, YamlLimits.Default);
        string? frontMatter = FrontMatter(text);
        if (frontMatter is null)
        {
            return null;
        }

        YamlNode? tree = YamlTreeReader.Parse(frontMatter, file, YamlLimits.Default, (key, first, depth) =>
        {
            if (depth == 1 && LineageKeys.Contains(key.Value))
            {
                return false;
            }

            warnings.Add(new CardWarning(
                $"the key '{key.Value}' appears twice in the front matter (first at line {first.Line}); Gate reads the later value, as the Hugging Face Hub does",
                key.Location));
            return true;
        });
        var reader = MappingReader.For(tree, "the model card's front matter", errors, [], allowUnknownKeys: true);
        if (reader is null)
        {
            return null;
        }

        // An empty base_model ('', null, an empty list, empty items) names no model; the base may
        // then come from the Hub's base_model tags or the adapter_config.json beside the card.
        var bases = new List<Located<string>>();
        Located<string>? tagRelation = null;
        foreach (Located<string> value in NonEmpty(reader, "base_model", errors))
        {
            bases.Add(value with { Value = WithoutHubUrl(value.Value) });
        }

        foreach (Located<string> tag in NonEmpty(reader, "tags", errors))
        {
            if (BaseModelTag(tag) is { } fromTag && !bases.Any(b => ModelId.Same(b.Value, fromTag.Id.Value)))
            {
                bases.Add(fromTag.Id);
                tagRelation ??= fromTag.Relation;
            }
        }

        bases = Policy.PolicyLoader.ModelIds(bases, $"a base_model of {id}", errors).ToList();
        if (bases.Count == 0)
        {
            return null;
        }

        // The Hub's relations are a subset of Gate's; an unusual value is kept out rather than refused.
        Located<string>? relation = reader.Get("base_model_relation") is YamlScalar { IsNull: false } r && ModelDeclaration.Relations.Contains(r.Value)
            ? new Located<string>(r.Value, r.Location)
            : tagRelation;
        var idAt = new Located<string>(id, new SourceLocation(file, 1, 1));
        return new ModelDeclaration(idAt, bases, relation, null, null, [], [], ModelSource.ModelCard);
    }

    /// <summary>The non-empty scalar values of a key written as one value or a list; other shapes are GATE102.</summary>
    private static IEnumerable<Located<string>> NonEmpty(MappingReader reader, string key, InputErrorSink errors)
    {
        IEnumerable<YamlNode> items = reader.Get(key) switch
        {
            null => [],
            YamlSequence sequence => sequence.Items,
            YamlNode node => [node],
        };
        foreach (YamlNode item in items)
        {
            switch (item)
            {
                case YamlScalar { IsNull: true }:
                    break;
                case YamlScalar scalar when string.IsNullOrWhiteSpace(scalar.Value):
                    break;
                case YamlScalar scalar:
                    yield return new Located<string>(scalar.Value.Trim(), scalar.Location);
                    break;
                default:
                    errors.Add(InputErrorKind.InvalidValue, $"each '{key}' in the model card's front matter must be a single value, not {item.Describe()}", item.Location);
                    break;
            }
        }
    }

    /// <summary><c>https://huggingface.co/org/name</c> and <c>hf.co/org/name</c> → <c>org/name</c>; anything else as written.</summary>
    internal static string WithoutHubUrl(string value)
    {
        foreach (string prefix in (string[])["https://huggingface.co/", "http://huggingface.co/", "https://hf.co/", "http://hf.co/", "huggingface.co/", "hf.co/"])
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return value[prefix.Length..].TrimEnd('/');
            }
        }

        return value;
    }

    /// <summary>
    /// The Hub's lineage tags: <c>base_model:{relation}:{id}</c>, or <c>base_model:{id}</c> as older
    /// cards carry them; null for any other tag.
    /// </summary>
    internal static (Located<string> Id, Located<string>? Relation)? BaseModelTag(Located<string> tag)
    {
        const string Prefix = "base_model:";
        if (!tag.Value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string rest = tag.Value[Prefix.Length..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && ModelDeclaration.Relations.Contains(rest[..colon]))
        {
            return (tag with { Value = rest[(colon + 1)..] }, tag with { Value = rest[..colon] });
        }

        return (tag with { Value = rest }, null);
    }

    /// <summary>
    /// The YAML of the front matter with the lines before it kept as blank lines, so errors name the
    /// card's own line numbers; null when the card has none (the Hub then reads no metadata either).
    /// </summary>
    internal static string? FrontMatter(string text)
    {
        // ReadText's StreamReader drops one BOM; a file saved with two keeps the second, as text.
        // Dropped here as YamlTreeReader.Parse drops it, so such a card is still read.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        Match match = FrontMatterBlock.Match(text);
        if (!match.Success)
        {
            return null;
        }

        Group yaml = match.Groups[2];
        int linesBefore = LineBreaks(text.AsSpan(0, yaml.Index));
        return new string('\n', linesBefore) + yaml.Value;
    }

    private static int LineBreaks(ReadOnlySpan<char> text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }

    private static ModelDeclaration? ReadAdapterConfig(string fullPath, string file, string id, InputErrorSink errors)
    {
        string text = YamlTreeReader.ReadText(fullPath, file, YamlLimits.Default);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("base_model_name_or_path", out JsonElement value)
                || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var at = new SourceLocation(file, LineOf(text, "\"base_model_name_or_path\""), 1);
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                errors.Add(InputErrorKind.InvalidValue, "'base_model_name_or_path' must be a model id", at);
                return null;
            }

            var baseId = new Located<string>(value.GetString()!, at);
            if (!ModelId.Check(baseId, $"the base_model_name_or_path of {id}", errors))
            {
                return null;
            }

            return new ModelDeclaration(
                new Located<string>(id, new SourceLocation(file, 1, 1)),
                [baseId],
                new Located<string>("adapter", at), null, null, [], [], ModelSource.ModelCard);
        }
        catch (JsonException ex)
        {
            errors.Add(InputErrorKind.MalformedInput, $"invalid JSON: {ex.Message.Split(" Path:")[0].TrimEnd('.')}",
                new SourceLocation(file, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1));
            return null;
        }
    }

    private static int LineOf(string text, string needle)
    {
        int index = text.IndexOf(needle, StringComparison.Ordinal);
        return index < 0 ? 1 : text.AsSpan(0, index).Count('\n') + 1;
    }
}
