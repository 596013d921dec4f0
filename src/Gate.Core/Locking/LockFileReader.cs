using System.Globalization;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Repository;
using Gate.Core.Scanning;

namespace Gate.Core.Locking;

// About 300 lines: every check of the lock's strict shape in one place, so what a lock may hold reads top to bottom.

/// <summary>
/// Reads <c>gate.lock.json</c> strictly; anything unusable is a GATE112 error at the file's line.
/// </summary>
/// <remarks>
/// The lock is written by <c>gate lock</c>, but in a pull request it is as much the author's as the
/// data is. So it is read as hostile input: every object has exactly its keys, each of its type, no
/// key twice, no <c>null</c> where a digest, a count or a path belongs, digests in their exact form,
/// paths relative and inside the folder, datasets sorted and unique, a file dataset of exactly its
/// one file (which a plain file's entry leaves out), records and fingerprint present together or absent together (a Git LFS pointer).
/// </remarks>
internal static partial class LockFileReader
{
    private static readonly string[] TopKeys = ["schema", "datasets"];
    private static readonly string[] TopKeysWithModels = ["schema", "models", "datasets"];
    private static readonly string[] DatasetKeys = ["path", "kind", "sha256", "bytes", "records", "files", "fingerprint", "manifest", "evidence", "reference", "lineage"];
    private static readonly string[] PlainFileDatasetKeys = [.. DatasetKeys.Where(k => k != "files")];
    private static readonly string[] FileDigestKeys = ["path", "sha256", "bytes", "lfsPointer"];
    private static readonly string[] FingerprintKeys = ["version", "digest", "recordSet", "fields", "topNumeric", "minhash"];
    private static readonly string[] FingerprintKeysWithRecords = [.. FingerprintKeys, "overlapRecords"];
    private static readonly string[] LockedFileKeys = ["path", "sha256"];
    private static readonly string[] LineageKeys = ["teachers", "students", "generatorField"];
    private static readonly string[] ModelKeys = ["id", "roots"];

    public static LockFile? ReadIfExists(string fullPath, string displayPath)
    {
        if (!System.IO.File.Exists(fullPath))
        {
            return null;
        }

        return Read(FileType.ReadRegular(fullPath, displayPath), displayPath);
    }

    /// <summary>Parses a lock's bytes; <paramref name="displayPath"/> names it in errors.</summary>
    public static LockFile Read(ReadOnlySpan<byte> utf8, string displayPath)
    {
        // Datasets are read one by one as the parser reaches them, so the lock is never held as a
        // tree of every value at once. A problem in one is kept until the whole file has parsed: a
        // syntax error anywhere, or a schema this Gate does not read, is the better message.
        StrictJson root;
        List<LockedDataset> datasets;
        LockShapeException? firstProblem;
        try
        {
            root = StrictJson.ParseStreamed<LockedDataset, LockShapeException>(utf8, "datasets", DatasetInOrder, out datasets, out firstProblem);
        }
        catch (StrictJsonException ex)
        {
            throw Invalid($"gate.lock.json is not valid JSON ({ex.Message}); re-run 'gate lock' (resolve lock merge conflicts by re-locking, not by hand)", displayPath, ex.Line);
        }

        try
        {
            LockFile parsed = Parse(root, datasets);
            return firstProblem is null ? parsed : throw firstProblem;
        }
        catch (LockShapeException ex)
        {
            throw Invalid($"gate.lock.json is not a lock this Gate wrote: {ex.Message}; re-run 'gate lock' and review the change (never edit the lock by hand)", displayPath, ex.Line);
        }
    }

    /// <summary>A dataset entry, after every one read before it: datasets are in path order, each once.</summary>
    private static LockedDataset DatasetInOrder(StrictJson item, IReadOnlyList<LockedDataset> before)
    {
        LockedDataset dataset = Dataset(item);
        if (before.Count > 0 && string.CompareOrdinal(before[^1].Path, dataset.Path) >= 0)
        {
            throw new LockShapeException(before[^1].Path == dataset.Path
                ? $"the dataset '{dataset.Path}' is locked twice"
                : $"the datasets are not in path order ('{dataset.Path}' after '{before[^1].Path}')", item.Line);
        }

        return dataset;
    }

    private static GateInputException Invalid(string message, string displayPath, int line) =>
        new(new InputError(InputErrorKind.InvalidLock, message, new SourceLocation(displayPath, line, 1)));

    private static LockFile Parse(StrictJson root, List<LockedDataset> datasets)
    {
        var top = Object(root, "the lock", root is StrictJson.Object o && o.Get("models") is not null ? TopKeysWithModels : TopKeys);
        var schema = String(top, "schema");
        if (schema.Value != LockFile.Schema)
        {
            throw new LockShapeException($"its schema is '{schema.Value}', and this Gate reads '{LockFile.Schema}'", schema.Line);
        }

        Array(top, "datasets"); // its items were read as the parser reached them
        return new LockFile(datasets) { Models = top.Get("models") is null ? [] : HubModels(Array(top, "models")) };
    }

    private static LockedDataset Dataset(StrictJson node)
    {
        // A file dataset whose one file is plain data (not a Git LFS pointer) may leave out "files": it is the dataset itself.
        bool plainFile = node is StrictJson.Object o && o.Get("files") is null && (o.Get("kind") as StrictJson.String)?.Value == "file";
        var d = Object(node, "a dataset", plainFile ? PlainFileDatasetKeys : DatasetKeys);
        string path = RelativePath(d, "path");
        var kind = String(d, "kind");
        if (kind.Value is not ("file" or "folder"))
        {
            throw new LockShapeException($"the kind of '{path}' is '{kind.Value}', not 'file' or 'folder'", kind.Line);
        }

        bool isFolder = kind.Value == "folder";
        long? records = d.Get("records") is StrictJson.Null ? null : Count(d, "records");
        LockedFingerprint? fingerprint = d.Get("fingerprint") is StrictJson.Null ? null : Fingerprint(Object(d.Get("fingerprint")!, $"the fingerprint of '{path}'",
            d.Get("fingerprint") is StrictJson.Object { } fp && fp.Get("overlapRecords") is not null ? FingerprintKeysWithRecords : FingerprintKeys));
        if (plainFile && fingerprint is null)
        {
            throw new LockShapeException($"'{path}' is written as a plain file's entry (no \"files\"), which always holds its records and fingerprint; a Git LFS pointer's entry lists its file", node.Line);
        }

        if ((records is null) != (fingerprint is null))
        {
            throw new LockShapeException($"'{path}' has {(records is null ? "a fingerprint but no records" : "records but no fingerprint")}; both are present, or both null for a Git LFS pointer", node.Line);
        }

        LockedFileDigest[] files = plainFile
            ? [new LockedFileDigest(path, Digest(d, "sha256"), Count(d, "bytes"), LfsPointer: false)]
            : Array(d, "files").Items.Select(f => FileDigest(f)).ToArray();
        CheckFiles(path, isFolder, files, node.Line);
        var lineage = Object(d.Get("lineage")!, $"the lineage of '{path}'", LineageKeys);
        return new LockedDataset(
            path,
            isFolder,
            Digest(d, "sha256"),
            Count(d, "bytes"),
            records,
            files,
            fingerprint,
            d.Get("manifest") is StrictJson.Null ? null : LockedFile(d.Get("manifest")!),
            Array(d, "evidence").Items.Select(LockedFile).ToArray(),
            d.Get("reference") is StrictJson.Null ? null : LockedFile(d.Get("reference")!),
            new LockedLineage(
                Array(lineage, "teachers").Items.Select(Model).ToArray(),
                Array(lineage, "students").Items.Select(Model).ToArray(),
                lineage.Get("generatorField") is StrictJson.Null ? null : String(lineage, "generatorField").Value))
        {
            Line = node.Line,
        };
    }

    /// <summary>A file dataset is exactly its one file; a folder's files lie inside it, in path order, each once.</summary>
    private static void CheckFiles(string path, bool isFolder, LockedFileDigest[] files, int line)
    {
        if (!isFolder)
        {
            if (files is not [{ } only] || only.Path != path)
            {
                throw new LockShapeException($"the file dataset '{path}' must list exactly its own file", line);
            }

            return;
        }

        if (files.Length == 0)
        {
            throw new LockShapeException($"the folder dataset '{path}' lists no file", line);
        }

        for (int i = 0; i < files.Length; i++)
        {
            if (!files[i].Path.StartsWith(path + "/", StringComparison.Ordinal))
            {
                throw new LockShapeException($"the file '{files[i].Path}' does not lie in the folder dataset '{path}'", line);
            }

            if (i > 0 && string.CompareOrdinal(files[i - 1].Path, files[i].Path) >= 0)
            {
                throw new LockShapeException($"the files of '{path}' are not in path order, or one is listed twice ('{files[i].Path}')", line);
            }
        }
    }

    private static LockedFingerprint Fingerprint(StrictJson.Object fp)
    {
        // Older fingerprints stay readable (their digests still bind the content); a newer one may
        // mean things this Gate does not know, so it is refused, never guessed at.
        var version = Number(fp, "version");
        if (version.Value is not { } v || v is < 1 or > FingerprintVersion.Current)
        {
            throw new LockShapeException(string.Create(CultureInfo.InvariantCulture,
                $"it holds a fingerprint of version {version.Value?.ToString(CultureInfo.InvariantCulture) ?? "?"}, and this Gate reads versions 1 to {FingerprintVersion.Current}: upgrade Gate, or re-run 'gate lock' with this one"),
                version.Line);
        }

        var topNumeric = Object(fp.Get("topNumeric")!, "topNumeric", null);
        // Occupied bins by number (a small dataset's, as Gate writes it now), lines of all bins, or one
        // string of all bins (as earlier versions wrote it): each read into the one canonical text.
        StrictJson minhashNode = fp.Get("minhash")!;
        string minhash;
        try
        {
            ulong[] bins = minhashNode switch
            {
                StrictJson.Object occupied => MinHashText.FromOccupied(occupied.Properties.Select(p => (p.Key, StringValue(p.Value, $"the value of MinHash bin {p.Key}")))),
                StrictJson.Array lines => MinHashText.FromBytes([.. lines.Items.SelectMany(l => Convert.FromBase64String(StringValue(l, "a line of the MinHash signature")))]),
                _ => MinHashText.FromBase64(String(fp, "minhash").Value),
            };
            minhash = MinHashText.Of(bins);
        }
        catch (FormatException ex)
        {
            throw new LockShapeException($"the MinHash signature is not valid ({ex.Message})", minhashNode.Line);
        }

        return new LockedFingerprint(
            (int)v,
            Digest(fp, "digest"),
            Hex(fp, "recordSet", 32),
            Array(fp, "fields").Items.Select(f => StringValue(f, "a field name")).ToArray(),
            topNumeric.Properties.Select(p => new KeyValuePair<string, long>(p.Key, CountValue(p.Value, $"the count of \"{p.Key}\""))).ToArray(),
            minhash)
        {
            OverlapRecords = fp.Get("overlapRecords") is null ? null : Digest(fp, "overlapRecords"),
        };
    }

    private static LockedFileDigest FileDigest(StrictJson node)
    {
        var f = Object(node, "a file digest", FileDigestKeys);
        return new LockedFileDigest(RelativePath(f, "path"), Digest(f, "sha256"), Count(f, "bytes"), Bool(f, "lfsPointer"));
    }

    private static LockedFile LockedFile(StrictJson node)
    {
        var f = Object(node, "a locked file", LockedFileKeys);
        return new LockedFile(RelativePath(f, "path"), Digest(f, "sha256"));
    }

    private static LockedModel Model(StrictJson node)
    {
        var m = Object(node, "a model", ModelKeys);
        return new LockedModel(String(m, "id").Value, Array(m, "roots").Items.Select(r => StringValue(r, "a root")).ToArray());
    }

    /// <summary>The object, with exactly <paramref name="keys"/> (any keys when null).</summary>
    private static StrictJson.Object Object(StrictJson node, string what, IReadOnlyCollection<string>? keys)
    {
        if (node is not StrictJson.Object o)
        {
            throw new LockShapeException($"{what} is {node.Kind}, not an object", node.Line);
        }

        if (keys is not null)
        {
            if (o.Properties.FirstOrDefault(p => !keys.Contains(p.Key)) is { Key: { } unknown, Value: { } value })
            {
                throw new LockShapeException($"{what} has the key \"{unknown}\", which a lock does not have", value.Line);
            }

            if (keys.FirstOrDefault(k => o.Get(k) is null) is { } missing)
            {
                throw new LockShapeException($"{what} has no \"{missing}\"", o.Line);
            }
        }

        return o;
    }

    private static StrictJson.Array Array(StrictJson.Object o, string key) =>
        o.Get(key) as StrictJson.Array ?? throw Wrong(o, key, "an array");

    private static StrictJson.String String(StrictJson.Object o, string key) =>
        o.Get(key) as StrictJson.String ?? throw Wrong(o, key, "a string");

    private static string StringValue(StrictJson node, string what) =>
        (node as StrictJson.String)?.Value ?? throw new LockShapeException($"{what} is {node.Kind}, not a string", node.Line);

    private static StrictJson.Number Number(StrictJson.Object o, string key) =>
        o.Get(key) as StrictJson.Number ?? throw Wrong(o, key, "a number");

    private static bool Bool(StrictJson.Object o, string key) =>
        (o.Get(key) as StrictJson.Bool)?.Value ?? throw Wrong(o, key, "true or false");

    private static long Count(StrictJson.Object o, string key) => CountValue(o.Get(key)!, $"\"{key}\"");

    private static long CountValue(StrictJson node, string what) =>
        node is StrictJson.Number { Value: >= 0 and { } n } ? n : throw new LockShapeException($"{what} is {node.Kind}, not a count (a whole number, 0 or more)", node.Line);

    private static string Digest(StrictJson.Object o, string key) => Hex(o, key, 64);

    private static string Hex(StrictJson.Object o, string key, int digits)
    {
        var s = String(o, key);
        if (s.Value.Length != digits || s.Value.AsSpan().ContainsAnyExcept("0123456789abcdef"))
        {
            throw new LockShapeException($"\"{key}\" is not {digits} lowercase hex digits", s.Line);
        }

        return s.Value;
    }

    /// <summary>A path relative to the checked folder, as Gate writes them: forward slashes, no empty, '.' or '..' part, no refused character.</summary>
    private static string RelativePath(StrictJson.Object o, string key)
    {
        var s = String(o, key);
        string[] parts = s.Value.Split('/');
        if (s.Value.Length == 0 || parts.Any(p => p is "" or "." or "..") || PathText.FirstRefused(s.Value) is not null)
        {
            throw new LockShapeException($"\"{key}\" '{PathText.Visible(s.Value)}' is not a path relative to the checked folder", s.Line);
        }

        return s.Value;
    }

    private static LockShapeException Wrong(StrictJson.Object o, string key, string expected)
    {
        StrictJson value = o.Get(key)!;
        return new LockShapeException($"\"{key}\" is {value.Kind}, not {expected}", value.Line);
    }

    private sealed class LockShapeException(string message, int line) : Exception(message)
    {
        public int Line { get; } = line;
    }
}
