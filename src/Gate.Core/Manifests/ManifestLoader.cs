using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Repository;
using Gate.Core.Yaml;

namespace Gate.Core.Manifests;

/// <summary>Reads every <c>*.lineage.yaml</c> in the checked folder.</summary>
internal static class ManifestLoader
{
    private static readonly string[] Keys =
        ["dataset", "teacher", "teachers", "students", "generation", "generator-field", "reference", "mitigations"];

    public static IReadOnlyList<LineageManifest> LoadAll(RepositoryRoot root, IEnumerable<string> files, InputErrorSink errors)
    {
        var manifests = new List<LineageManifest>();
        foreach (string file in files.Where(f => f.EndsWith(LineageManifest.Suffix, StringComparison.Ordinal)))
        {
            try
            {
                if (!root.IsInsideAfterLinks(file))
                {
                    errors.Add(InputErrorKind.PathOutsideRepository, "the manifest is a link that leads outside the checked folder; Gate does not follow it", SourceLocation.WholeFile(file));
                    continue;
                }

                YamlNode? node = YamlTreeReader.ReadFile(root.ToFullPath(file), file);
                if (Load(root, file, node, errors) is { } manifest)
                {
                    manifests.Add(manifest);
                }
            }
            catch (GateInputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        return manifests;
    }

    public static LineageManifest? Load(RepositoryRoot root, string file, YamlNode? node, InputErrorSink errors)
    {
        if (node is null)
        {
            errors.Add(InputErrorKind.MissingField, "the lineage manifest is empty; it needs at least 'dataset' and 'teacher'", SourceLocation.WholeFile(file));
            return null;
        }

        var reader = MappingReader.For(node, "the lineage manifest", errors, Keys);
        if (reader is null)
        {
            return null;
        }

        string folder = RepositoryRoot.FolderOf(file);
        Located<string>? dataset = reader.String("dataset", required: true);
        string? pattern = dataset is null ? null : root.Resolve(dataset, folder, errors, "the dataset path");
        // A glob that does not parse is reported here, with its place, as gate.yaml's globs are.
        bool isGlob = pattern is not null && Glob.HasWildcard(pattern);
        Glob? glob = isGlob ? Glob.ParseOrReport(pattern!, dataset!.Location, errors) : null;

        IReadOnlyList<Located<string>> teachers = ReadTeachers(reader, errors);
        IReadOnlyList<Located<string>>? students = reader.Has("students")
            ? PolicyLoader.ModelIds(reader.StringOrList("students", required: true), "the student", errors)
            : null;
        Located<string>? generatorField = reader.String("generator-field");
        Located<string>? referenceWritten = reader.String("reference");
        string? reference = referenceWritten is null ? null : ResolveExistingFile(root, referenceWritten, folder, errors, "the reference");

        YamlNode? generation = reader.Get("generation");
        if (generation is not null and not YamlMapping)
        {
            errors.Add(InputErrorKind.InvalidValue, $"'generation' must be a mapping of facts ('key: value' lines), not {generation.Describe()}", generation.Location);
        }

        var mitigations = new List<MitigationClaim>();
        foreach (YamlNode item in reader.List("mitigations"))
        {
            if (ReadMitigation(root, folder, item, errors) is { } claim)
            {
                mitigations.Add(claim);
            }
        }

        if (dataset is null || pattern is null || (isGlob && glob is null) || teachers.Count == 0)
        {
            return null;
        }

        return new LineageManifest(file, dataset, pattern, glob, teachers, students, generation, generatorField, referenceWritten, reference, mitigations);
    }

    private static IReadOnlyList<Located<string>> ReadTeachers(MappingReader reader, InputErrorSink errors)
    {
        bool one = reader.Has("teacher"), many = reader.Has("teachers");
        if (one && many)
        {
            errors.Add(InputErrorKind.InvalidValue, "write either 'teacher' or 'teachers', not both", reader.KeyLocation("teachers"));
            return [];
        }

        if (!one && !many)
        {
            errors.Add(InputErrorKind.MissingField, "the lineage manifest needs 'teacher' (or 'teachers' for a mix): the model that wrote the data", reader.Location);
            return [];
        }

        IReadOnlyList<Located<string>> teachers = one
            ? reader.String("teacher") is { } teacher ? [teacher] : []
            : reader.StringOrList("teachers", required: true);
        return PolicyLoader.ModelIds(teachers, "the teacher", errors);
    }

    private static MitigationClaim? ReadMitigation(RepositoryRoot root, string folder, YamlNode item, InputErrorSink errors)
    {
        // A mitigation's fields beyond 'kind' are the organisation's to define (gate.yaml 'requires').
        var reader = MappingReader.For(item, "a mitigation", errors, [], allowUnknownKeys: true);
        if (reader is null)
        {
            return null;
        }

        Located<string>? kind = reader.String("kind", required: true);
        var fields = new SortedDictionary<string, Located<string>>(StringComparer.Ordinal);
        foreach (var (key, _) in reader.Mapping.Entries)
        {
            if (key.Value != "kind" && reader.String(key.Value) is { } value)
            {
                fields[key.Value] = value;
            }
        }

        if (fields.TryGetValue(MitigationClaim.RewriterField, out var rewriter) && !ModelId.Check(rewriter, "the rewriter", errors))
        {
            return null;
        }

        string? evidence = null;
        if (fields.TryGetValue(MitigationClaim.EvidenceField, out var written))
        {
            evidence = root.Resolve(written, folder, errors, "the evidence path");
        }

        return kind is null ? null : new MitigationClaim(kind, fields, evidence, reader.Location);
    }

    private static string? ResolveExistingFile(RepositoryRoot root, Located<string> written, string folder, InputErrorSink errors, string what)
    {
        string? path = root.Resolve(written, folder, errors, what);
        if (path is not null && !root.FileExists(path) && !root.DirectoryExists(path))
        {
            errors.Add(InputErrorKind.FileNotReadable, $"{what} '{written.Value}' does not exist", written.Location);
            return null;
        }

        return path;
    }
}
