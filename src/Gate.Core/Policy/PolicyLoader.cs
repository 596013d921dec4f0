using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Repository;
using Gate.Core.Rules;
using Gate.Core.Yaml;

namespace Gate.Core.Policy;

/// <summary>Reads <c>gate.yaml</c> into a <see cref="GatePolicy"/>, reporting every mistake with its location.</summary>
internal static class PolicyLoader
{
    public const int SupportedVersion = 1;

    private static readonly string[] TopKeys = ["version", "datasets", "models", "model-cards", "students", "rules", "mitigations", "waivers", "hub", "catalog"];
    private static readonly string[] HubKeys = ["endpoint"];
    private static readonly string[] DatasetKeys = ["include", "exclude"];
    private static readonly string[] ModelKeys = ["id", "root", "base", "relation", "family", "aliases", "distilled-from"]; // also a student's
    private static readonly string[] MitigationKeys = ["clears", "requires"];
    private static readonly string[] WaiverKeys = ["rule", "dataset", "teacher", "student", "reason", "approved-by", "expires"];

    /// <summary>Loads the policy file; throws <see cref="GateInputException"/> with every error found.</summary>
    public static GatePolicy Load(string fullPath, string displayPath)
    {
        YamlNode? node = YamlTreeReader.ReadFile(fullPath, displayPath);
        var errors = new InputErrorSink();
        GatePolicy? policy = Parse(node, displayPath, errors);
        errors.ThrowIfAny();
        return policy!;
    }

    public static GatePolicy? Parse(YamlNode? node, string file, InputErrorSink errors)
    {
        if (node is null)
        {
            errors.Add(InputErrorKind.MissingField, $"the policy is empty; it needs at least 'version: {SupportedVersion}' (run 'gate init' for a starter policy)", SourceLocation.WholeFile(file));
            return null;
        }

        var top = MappingReader.For(node, "gate.yaml", errors, TopKeys);
        if (top is null)
        {
            return null;
        }

        if (top.Integer("version", required: true) is { } version && version.Value != SupportedVersion)
        {
            errors.Add(InputErrorKind.InvalidValue, $"this Gate reads policy version {SupportedVersion}, not {version.Value}", version.Location);
        }

        return new GatePolicy(
            file,
            ReadDatasets(top, errors),
            top.List("models").Select(n => ReadModel(n, "a model in 'models'", ModelKeys, ModelSource.Registry, errors)).OfType<ModelDeclaration>().ToArray(),
            ReadGlobs(top.StringOrList("model-cards"), errors),
            top.List("students").Select(n => ReadStudent(n, errors)).OfType<StudentDeclaration>().ToArray(),
            ReadSeverities(top, errors),
            ReadMitigations(top, errors),
            top.List("waivers").Select(n => ReadWaiver(n, errors)).OfType<Waiver>().ToArray())
        {
            Hub = ReadHub(top, errors),
            UsesBuiltinCatalog = top.OneOf("catalog", ["builtin", "none"]) is { Value: "builtin" },
        };
    }

    /// <summary><c>hub: true</c>, <c>hub: false</c>, or <c>hub: { endpoint: URL }</c> (http or https, no credentials in it).</summary>
    private static HubSettings? ReadHub(MappingReader top, InputErrorSink errors)
    {
        switch (top.Get("hub"))
        {
            case null:
                return null;
            case YamlScalar:
                return top.Bool("hub") is { Value: true } on ? new HubSettings(on.Location, null) : null;
            case YamlNode node:
                var reader = MappingReader.For(node, "'hub'", errors, HubKeys);
                if (reader?.String("endpoint", required: true) is not { } endpoint)
                {
                    return null;
                }

                if (!Uri.TryCreate(endpoint.Value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("https" or "http")
                    || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
                {
                    errors.Add(InputErrorKind.InvalidValue,
                        $"'endpoint' in 'hub' must be an http or https address without credentials, query or fragment (like https://huggingface.co), not '{Lineage.HubConnection.Redacted(endpoint.Value)}'",
                        endpoint.Location);
                    return null;
                }

                return new HubSettings(node.Location, new Located<Uri>(uri, endpoint.Location));
        }
    }

    private static DatasetSelection? ReadDatasets(MappingReader top, InputErrorSink errors)
    {
        var reader = MappingReader.For(top.Get("datasets"), "'datasets'", errors, DatasetKeys);
        if (reader is null)
        {
            return null;
        }

        return new DatasetSelection(
            ReadGlobs(reader.StringOrList("include", required: true), errors),
            ReadGlobs(reader.StringOrList("exclude"), errors));
    }

    private static IReadOnlyList<Located<Glob>> ReadGlobs(IReadOnlyList<Located<string>> patterns, InputErrorSink errors)
    {
        var globs = new List<Located<Glob>>();
        foreach (Located<string> pattern in patterns)
        {
            if (pattern.Value.StartsWith('/') || pattern.Value.Split('/').Contains(".."))
            {
                errors.Add(InputErrorKind.PathOutsideRepository, $"the glob '{pattern.Value}' must be relative to the checked folder and stay inside it", pattern.Location);
                continue;
            }

            if (Glob.ParseOrReport(pattern.Value, pattern.Location, errors) is { } glob)
            {
                globs.Add(new Located<Glob>(glob, pattern.Location));
            }
        }

        return globs;
    }

    internal static ModelDeclaration? ReadModel(YamlNode node, string what, IReadOnlyCollection<string> keys, ModelSource source, InputErrorSink errors)
    {
        var reader = MappingReader.For(node, what, errors, keys);
        if (reader is null)
        {
            return null;
        }

        Located<string>? id = reader.String("id", required: true);
        if (id is not null && !ModelId.Check(id, "the model id", errors))
        {
            id = null;
        }

        string of = id is null ? "a model" : $"'{id.Value}'";
        Located<bool>? root = reader.Bool("root");
        IReadOnlyList<Located<string>> bases = ModelIds(reader.StringOrList("base"), $"a base of {of}", errors);
        Located<string>? relation = reader.OneOf("relation", ModelDeclaration.Relations);
        if (root?.Value == true && bases.Count > 0)
        {
            errors.Add(InputErrorKind.InvalidValue, "a model is either a root ('root: true') or has a 'base', not both", root.Location);
        }

        if (relation is not null && bases.Count == 0)
        {
            errors.Add(InputErrorKind.InvalidValue, "'relation' describes the edge to 'base'; add the base or remove the relation", relation.Location);
        }

        if (id is not null && bases.FirstOrDefault(b => ModelId.Same(b.Value, id.Value)) is { } self)
        {
            errors.Add(InputErrorKind.LineageCycle, $"the model '{id.Value}' names itself as its base", self.Location);
            return null;
        }

        return id is null
            ? null
            : new ModelDeclaration(id, bases, relation, root, reader.String("family"),
                ModelIds(reader.StringOrList("aliases"), $"an alias of {of}", errors),
                ModelIds(reader.StringOrList("distilled-from"), $"a model {of} was distilled from", errors), source);
    }

    /// <summary>The values that are model ids; each one that is not is GATE102 at its place.</summary>
    internal static IReadOnlyList<Located<string>> ModelIds(IReadOnlyList<Located<string>> values, string what, InputErrorSink errors) =>
        values.Where(v => ModelId.Check(v, what, errors)).ToArray();

    private static StudentDeclaration? ReadStudent(YamlNode node, InputErrorSink errors)
    {
        ModelDeclaration? model = ReadModel(node, "a student in 'students'", ModelKeys, ModelSource.Student, errors);
        if (model is null)
        {
            return null;
        }

        bool declaresLineage = model.Bases.Count > 0 || model.Root is not null || model.Family is not null || model.DistilledFrom.Count > 0;
        return new StudentDeclaration(model.Id, declaresLineage ? model : null);
    }

    private static Dictionary<string, Located<Severity>> ReadSeverities(MappingReader top, InputErrorSink errors)
    {
        var severities = new Dictionary<string, Located<Severity>>(StringComparer.Ordinal);
        var reader = MappingReader.For(top.Get("rules"), "'rules'", errors, RuleCatalog.KnownNames);
        if (reader is null)
        {
            return severities;
        }

        foreach (var (key, _) in reader.Mapping.Entries)
        {
            if (RuleCatalog.KnownNames.Contains(key.Value) && reader.OneOf(key.Value, SeverityNames.All) is { } value)
            {
                severities[key.Value] = new Located<Severity>(SeverityNames.Parse(value.Value), value.Location);
            }
        }

        return severities;
    }

    private static AcceptedMitigation[] ReadMitigations(MappingReader top, InputErrorSink errors)
    {
        var reader = MappingReader.For(top.Get("mitigations"), "'mitigations'", errors, [], allowUnknownKeys: true);
        if (reader is null)
        {
            return [];
        }

        var kinds = new List<AcceptedMitigation>();
        foreach (var (key, value) in reader.Mapping.Entries)
        {
            if (value is YamlScalar { IsNull: true })
            {
                errors.Add(InputErrorKind.MissingField, $"the mitigation kind '{key.Value}' needs 'clears': the rules it clears", key.Location);
                continue;
            }

            var kind = MappingReader.For(value, $"the mitigation kind '{key.Value}'", errors, MitigationKeys);
            if (kind is null)
            {
                continue;
            }

            IReadOnlyList<Located<string>> clears = kind.StringOrList("clears", required: true);
            foreach (Located<string> rule in clears.Where(r => !RuleCatalog.KnownNames.Contains(r.Value)))
            {
                errors.Add(InputErrorKind.InvalidValue, $"'{rule.Value}' is not a rule name{Suggestions.DidYouMean(rule.Value, RuleCatalog.KnownNames)}", rule.Location);
            }

            kinds.Add(new AcceptedMitigation(new Located<string>(key.Value, key.Location), clears, kind.StringOrList("requires")));
        }

        return [.. kinds];
    }

    private static Waiver? ReadWaiver(YamlNode node, InputErrorSink errors)
    {
        var reader = MappingReader.For(node, "a waiver", errors, WaiverKeys);
        if (reader is null)
        {
            return null;
        }

        // A rule by name or code, in any case; resolved here so the evaluator matches what was accepted.
        Located<string>? rule = reader.String("rule", required: true);
        RuleDefinition? waives = rule is null ? null : RuleCatalog.Find(rule.Value);
        if (rule is not null && waives is null)
        {
            errors.Add(InputErrorKind.InvalidValue, $"'{rule.Value}' is not a rule name or code{Suggestions.DidYouMean(rule.Value, RuleCatalog.KnownNames)}", rule.Location);
            rule = null;
        }

        Located<string>? dataset = reader.String("dataset", required: true);
        IReadOnlyList<Located<Glob>> glob = dataset is null ? [] : ReadGlobs([dataset], errors);
        Located<string>? teacher = reader.String("teacher");
        if (teacher is not null && !ModelId.Check(teacher, "the waiver's teacher", errors))
        {
            return null;
        }

        Located<string>? student = reader.String("student");
        if (student is not null && !ModelId.Check(student, "the waiver's student", errors))
        {
            return null;
        }

        Located<string>? reason = reader.String("reason", required: true);
        Located<string>? approvedBy = reader.String("approved-by", required: true);
        Located<DateOnly>? expires = reader.Date("expires", required: true);

        if (rule is null || waives is null || glob.Count == 0 || reason is null || approvedBy is null || expires is null)
        {
            return null;
        }

        return new Waiver(rule, waives, glob[0], student, reason, approvedBy, expires, reader.Location) { Teacher = teacher };
    }
}
