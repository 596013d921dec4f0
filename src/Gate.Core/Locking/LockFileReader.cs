using System.Globalization;
using System.Text.Json;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Scanning;

namespace Gate.Core.Locking;

/// <summary>Reads <c>gate.lock.json</c>; anything unusable is a GATE112 error at the file's line.</summary>
public static class LockFileReader
{
    public static LockFile? ReadIfExists(string fullPath, string displayPath)
    {
        if (!System.IO.File.Exists(fullPath))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            FileType.EnsureRegular(fullPath);
            bytes = System.IO.File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateInputException(InputError.NotReadable(displayPath, ex));
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            return Parse(document.RootElement, displayPath);
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? 0) + 1;
            int column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw Invalid($"gate.lock.json is not valid JSON ({ex.Message.Split(" LineNumber")[0]}); re-run 'gate lock' (resolve lock merge conflicts by re-locking, not by hand)", new SourceLocation(displayPath, line, column));
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Invalid($"gate.lock.json does not have the {LockFile.Schema} shape ({ex.Message}); re-run 'gate lock'", SourceLocation.WholeFile(displayPath));
        }
    }

    private static GateInputException Invalid(string message, SourceLocation at) =>
        new(new InputError(InputErrorKind.InvalidLock, message, at));

    private static LockFile Parse(JsonElement root, string displayPath)
    {
        string? schema = root.GetProperty("schema").GetString();
        if (schema != LockFile.Schema)
        {
            throw Invalid($"gate.lock.json has schema '{schema}', this Gate reads '{LockFile.Schema}'; re-run 'gate lock'", SourceLocation.WholeFile(displayPath));
        }

        var datasets = new List<LockedDataset>();
        foreach (JsonElement d in root.GetProperty("datasets").EnumerateArray())
        {
            LockedFingerprint? fingerprint = null;
            if (d.GetProperty("fingerprint") is { ValueKind: JsonValueKind.Object } fp)
            {
                // Older fingerprints stay readable (their digests still bind the content); a newer
                // one may mean things this Gate does not know, so it is refused, never guessed at.
                int version = fp.GetProperty("version").GetInt32();
                if (version is < 1 or > FingerprintVersion.Current)
                {
                    throw Invalid(string.Create(CultureInfo.InvariantCulture,
                        $"gate.lock.json holds a fingerprint of version {version} for '{d.GetProperty("path").GetString()}'; this Gate reads versions 1 to {FingerprintVersion.Current}: upgrade Gate, or re-run 'gate lock' with this one"),
                        SourceLocation.WholeFile(displayPath));
                }

                fingerprint = new LockedFingerprint(
                    version,
                    fp.GetProperty("digest").GetString()!,
                    fp.GetProperty("recordSet").GetString()!,
                    fp.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToArray(),
                    fp.GetProperty("topNumeric").EnumerateObject().Select(p => new KeyValuePair<string, long>(p.Name, p.Value.GetInt64())).ToArray(),
                    fp.GetProperty("minhash").GetString()!);
                ContentFeatures.MinHashFromBase64(fingerprint.MinHash); // validates
            }

            JsonElement lineage = d.GetProperty("lineage");
            datasets.Add(new LockedDataset(
                d.GetProperty("path").GetString()!,
                d.GetProperty("kind").GetString() == "folder",
                d.GetProperty("sha256").GetString()!,
                d.GetProperty("bytes").GetInt64(),
                d.GetProperty("records").ValueKind == JsonValueKind.Number ? d.GetProperty("records").GetInt64() : null,
                d.GetProperty("files").EnumerateArray().Select(f => new LockedFileDigest(
                    f.GetProperty("path").GetString()!, f.GetProperty("sha256").GetString()!, f.GetProperty("bytes").GetInt64(), f.GetProperty("lfsPointer").GetBoolean())).ToArray(),
                fingerprint,
                File(d.GetProperty("manifest")),
                d.GetProperty("evidence").EnumerateArray().Select(e => File(e)!).ToArray(),
                File(d.GetProperty("reference")),
                new LockedLineage(
                    Models(lineage.GetProperty("teachers")),
                    Models(lineage.GetProperty("students")),
                    lineage.GetProperty("generatorField").ValueKind == JsonValueKind.String ? lineage.GetProperty("generatorField").GetString() : null)));
        }

        return new LockFile(datasets);
    }

    private static LockedFile? File(JsonElement e) => e.ValueKind == JsonValueKind.Null
        ? null
        : new LockedFile(e.GetProperty("path").GetString()!, e.GetProperty("sha256").ValueKind == JsonValueKind.String ? e.GetProperty("sha256").GetString() : null);

    private static LockedModel[] Models(JsonElement e) =>
        e.EnumerateArray().Select(m => new LockedModel(m.GetProperty("id").GetString()!, m.GetProperty("roots").EnumerateArray().Select(r => r.GetString()!).ToArray())).ToArray();
}
