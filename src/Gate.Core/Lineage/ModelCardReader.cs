using System.Text.Json;
using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Repository;
using Gate.Core.Yaml;

namespace Gate.Core.Lineage;

/// <summary>
/// Reads lineage from model cards: Hugging Face README front matter (<c>base_model</c>, one id or
/// a list, and <c>base_model_relation</c>) and PEFT <c>adapter_config.json</c>
/// (<c>base_model_name_or_path</c>). A card's model id is its folder below the glob's fixed part.
/// A card without a base adds nothing: it does not make its model a root.
/// </summary>
internal static class ModelCardReader
{
    public const string AdapterConfigFileName = "adapter_config.json";

    public static IReadOnlyList<ModelDeclaration> ReadAll(RepositoryRoot root, IReadOnlyList<string> files, IReadOnlyList<Located<Glob>> globs, InputErrorSink errors)
    {
        var cards = new List<ModelDeclaration>();
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
                    : ReadReadme(root.ToFullPath(file), file, id, errors);
                if (card is not null)
                {
                    cards.Add(card);
                }
            }
            catch (GateInputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        return cards;
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

    private static ModelDeclaration? ReadReadme(string fullPath, string file, string id, InputErrorSink errors)
    {
        string text = YamlTreeReader.ReadText(fullPath, file, YamlLimits.Default);
        string? frontMatter = FrontMatter(text);
        if (frontMatter is null)
        {
            return null;
        }

        var reader = MappingReader.For(YamlTreeReader.Parse(frontMatter, file), "the model card's front matter", errors, [], allowUnknownKeys: true);
        if (reader is null)
        {
            return null;
        }

        IReadOnlyList<Located<string>> bases = Policy.PolicyLoader.ModelIds(reader.StringOrList("base_model"), $"a base_model of {id}", errors);
        if (bases.Count == 0)
        {
            return null;
        }

        // The Hub's relations are a subset of Gate's; an unusual value is kept out rather than refused.
        Located<string>? relation = reader.String("base_model_relation") is { } r && ModelDeclaration.Relations.Contains(r.Value) ? r : null;
        var idAt = new Located<string>(id, new SourceLocation(file, 1, 1));
        return new ModelDeclaration(idAt, bases, relation, null, null, [], [], ModelSource.ModelCard);
    }

    /// <summary>The YAML between a leading <c>---</c> line and the next, keeping line numbers (the opening line stays).</summary>
    private static string? FrontMatter(string text)
    {
        // ReadText's StreamReader drops one BOM; a file saved with two keeps the second, as text.
        // Dropped here as YamlTreeReader.Parse drops it, so such a card is still read.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        string[] lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r', ' ') != "---")
        {
            return null;
        }

        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd('\r', ' ') is "---" or "...")
            {
                return string.Join('\n', lines.Take(i));
            }
        }

        return null;
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
