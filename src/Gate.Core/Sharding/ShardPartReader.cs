using System.Globalization;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;
using Gate.Core.Scanning;

namespace Gate.Core.Sharding;

/// <summary>
/// Reads a <see cref="ShardPart"/> strictly: every object has exactly its keys, each of its type;
/// digests in their exact form; counts sparse, in bin order and positive. Anything else is GATE116
/// at the part's line. Files are read one by one as the parser reaches them.
/// </summary>
internal static class ShardPartReader
{
    /// <summary>No file, record or count is larger than 2^50 (a pebibyte): sums over any share then stay far from overflow.</summary>
    private const long MaxCount = 1L << 50;

    private static readonly string[] TopKeys = ["schema", "gate", "fingerprintVersion", "purpose", "plan", "shard", "shards", "files"];
    private static readonly string[] FileKeys = ["owner", "reference", "path", "sha256", "bytes", "lfsPointer", "features"];
    private static readonly string[] FeatureKeys = ["records", "recordSum", "fields", "numeric", "tokens", "bigrams", "minhash", "generators", "generatorMissing", "recordHashes", "recordGenerators"];
    private static readonly string[] GeneratorKeys = ["value", "count", "file", "line"];
    private static readonly string[] GapKeys = ["count", "what", "file", "line"];

    /// <summary>Reads the part at <paramref name="path"/> (named <paramref name="display"/> in errors).</summary>
    public static ShardPart Read(string path, string display)
    {
        return Read(IO.FileType.ReadRegular(Path.GetFullPath(path), display), display);
    }

    public static ShardPart Read(ReadOnlySpan<byte> utf8, string display)
    {
        StrictJson root;
        List<PartFile> files;
        PartShapeException? firstProblem;
        try
        {
            root = StrictJson.ParseStreamed<PartFile, PartShapeException>(utf8, "files", (item, _) => PartFileOf(item), out files, out firstProblem);
        }
        catch (StrictJsonException ex)
        {
            throw Invalid($"{display} is not a lock part Gate wrote: it is not valid JSON ({ex.Message})", display, ex.Line);
        }

        try
        {
            var top = Object(root, "the part", TopKeys);
            string schema = String(top, "schema");
            if (schema != ShardPart.Schema)
            {
                throw new PartShapeException($"its schema is '{schema}', and this Gate reads '{ShardPart.Schema}'", top.Get("schema")!.Line);
            }

            Node<StrictJson.Array>(top, "files", "an array");
            int index = checked((int)Count(top, "shard", Shard.MaxCount)), count = checked((int)Count(top, "shards", Shard.MaxCount));
            if (index < 1 || count < 1 || index > count)
            {
                throw new PartShapeException($"it claims to be shard {index} of {count}", top.Get("shard")!.Line);
            }

            if (firstProblem is not null)
            {
                throw firstProblem;
            }

            ShardPurpose purpose = String(top, "purpose") switch
            {
                "lock" => ShardPurpose.Lock,
                "check" => ShardPurpose.Check,
                var other => throw new PartShapeException($"its purpose is '{other}', not 'lock' or 'check'", top.Get("purpose")!.Line),
            };
            return new ShardPart(String(top, "gate"), checked((int)Count(top, "fingerprintVersion", int.MaxValue)), purpose, Hex(top, "plan", 64), new Shard(index, count), files);
        }
        catch (PartShapeException ex)
        {
            throw Invalid($"{display} is not a lock part Gate wrote: {ex.Message}", display, ex.Line);
        }
    }

    private static GateInputException Invalid(string message, string display, int line) =>
        new(new InputError(InputErrorKind.InvalidPart, message, new SourceLocation(display, Math.Max(line, 1), 1)));

    private static PartFile PartFileOf(StrictJson node)
    {
        var f = Object(node, "a file", FileKeys);
        string path = String(f, "path");
        var digest = new FileDigest(path, Hex(f, "sha256", 64), Count(f, "bytes", MaxCount), Bool(f, "lfsPointer"));
        PartFeatures? features = f.Get("features") is StrictJson.Null ? null : Features(Object(f.Get("features")!, $"the features of '{path}'", FeatureKeys));
        if (digest.IsLfsPointer != (features is null))
        {
            throw new PartShapeException($"'{path}' {(features is null ? "has no features but is not a Git LFS pointer" : "is a Git LFS pointer with features")}", node.Line);
        }

        return new PartFile(String(f, "owner"), Bool(f, "reference"), digest, features);
    }

    private static PartFeatures Features(StrictJson.Object f)
    {
        string sum = Hex(f, "recordSum", 32);
        string[] fields = [.. Node<StrictJson.Array>(f, "fields", "an array").Items.Select(i => StringValue(i, "a field name"))];
        if (fields.Length > ContentFeatures.MaxFields || fields.Zip(fields.Skip(1)).Any(p => string.CompareOrdinal(p.First, p.Second) >= 0))
        {
            throw new PartShapeException($"its fields are more than {ContentFeatures.MaxFields}, or not in order, or one is given twice", f.Get("fields")!.Line);
        }

        string minHash;
        try
        {
            minHash = MinHashText.Of(MinHashText.Bins(String(f, "minhash")));
        }
        catch (FormatException ex)
        {
            throw new PartShapeException($"the MinHash signature is not valid ({ex.Message})", f.Get("minhash")!.Line);
        }

        var generators = new List<KeyValuePair<string, GeneratorCount>>();
        foreach (StrictJson item in Node<StrictJson.Array>(f, "generators", "an array").Items)
        {
            var g = Object(item, "a generator", GeneratorKeys);
            string value = String(g, "value");
            if (generators.Count > 0 && string.CompareOrdinal(generators[^1].Key, value) >= 0)
            {
                throw new PartShapeException($"the generators are not in order, or '{value}' is given twice", item.Line);
            }

            generators.Add(new(value, new GeneratorCount(Count(g, "count", MaxCount), String(g, "file"), Count(g, "line", MaxCount))));
        }

        GeneratorGap? missing = null;
        if (f.Get("generatorMissing") is StrictJson.Object)
        {
            var gap = Object(f.Get("generatorMissing")!, "the records naming no generator", GapKeys);
            missing = new GeneratorGap(Count(gap, "count", MaxCount), String(gap, "what"), String(gap, "file"), Count(gap, "line", MaxCount));
        }
        else if (f.Get("generatorMissing") is not StrictJson.Null)
        {
            throw new PartShapeException("\"generatorMissing\" is neither an object nor null", f.Get("generatorMissing")!.Line);
        }

        long records = Count(f, "records", MaxCount);
        ulong[]? hashes = null;
        int[]? recordGenerators = null;
        if (f.Get("recordHashes") is not StrictJson.Null)
        {
            byte[] bytes = Base64(f, "recordHashes");
            if (bytes.Length % 8 != 0 || bytes.Length / 8 != records)
            {
                throw new PartShapeException($"\"recordHashes\" holds {bytes.Length / 8.0} hashes for {records} records", f.Get("recordHashes")!.Line);
            }

            hashes = [.. System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes)];
        }

        if (f.Get("recordGenerators") is not StrictJson.Null)
        {
            byte[] bytes = Base64(f, "recordGenerators");
            if (hashes is null || bytes.Length % 4 != 0 || bytes.Length / 4 != records)
            {
                throw new PartShapeException("\"recordGenerators\" does not name one generator position per record hash", f.Get("recordGenerators")!.Line);
            }

            recordGenerators = [.. System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes)];
            if (recordGenerators.FirstOrDefault(p => p < -1 || p >= generators.Count, -1) is var wrong && wrong != -1)
            {
                throw new PartShapeException($"a record names generator {wrong} of {generators.Count}", f.Get("recordGenerators")!.Line);
            }
        }

        return new PartFeatures(
            records,
            ulong.Parse(sum[16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
            ulong.Parse(sum[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
            fields,
            Counts(f, "numeric", ContentFeatures.NumericBins),
            Counts(f, "tokens", ContentFeatures.SketchBuckets),
            Counts(f, "bigrams", ContentFeatures.SketchBuckets),
            minHash,
            generators,
            missing,
            hashes,
            recordGenerators);
    }

    /// <summary>A flat [bin, count, …] array: bins strictly increasing below <paramref name="size"/>, counts positive.</summary>
    private static (int Bin, long Count)[] Counts(StrictJson.Object o, string key, int size)
    {
        var array = Node<StrictJson.Array>(o, key, "an array");
        if (array.Items.Count % 2 != 0 || array.Items.Count > 2 * size)
        {
            throw new PartShapeException($"\"{key}\" is not a list of bin and count pairs", array.Line);
        }

        var counts = new (int Bin, long Count)[array.Items.Count / 2];
        long previous = -1;
        for (int i = 0; i < array.Items.Count; i += 2)
        {
            long bin = Number(array.Items[i], $"a bin of \"{key}\""), count = Number(array.Items[i + 1], $"a count of \"{key}\"");
            if (bin <= previous || bin >= size || count <= 0 || count > MaxCount)
            {
                throw new PartShapeException($"\"{key}\" holds bin {bin} with count {count}: bins run from 0 to {size - 1} in order, each with a positive count", array.Items[i].Line);
            }

            counts[i / 2] = ((int)bin, count);
            previous = bin;
        }

        return counts;
    }

    private static byte[] Base64(StrictJson.Object o, string key)
    {
        try
        {
            return Convert.FromBase64String(String(o, key));
        }
        catch (FormatException)
        {
            throw new PartShapeException($"\"{key}\" is not base64", o.Get(key)!.Line);
        }
    }

    private static StrictJson.Object Object(StrictJson node, string what, string[] keys)
    {
        if (node is not StrictJson.Object o)
        {
            throw new PartShapeException($"{what} is {node.Kind}, not an object", node.Line);
        }

        if (o.Properties.FirstOrDefault(p => !keys.Contains(p.Key)) is { Key: { } unknown, Value: { } value })
        {
            throw new PartShapeException($"{what} has the key \"{unknown}\", which a part does not have", value.Line);
        }

        if (keys.FirstOrDefault(k => o.Get(k) is null) is { } missing)
        {
            throw new PartShapeException($"{what} has no \"{missing}\"", o.Line);
        }

        return o;
    }

    private static T Node<T>(StrictJson.Object o, string key, string kind) where T : StrictJson =>
        o.Get(key) as T ?? throw new PartShapeException($"\"{key}\" is {o.Get(key)!.Kind}, not {kind}", o.Get(key)!.Line);

    private static string String(StrictJson.Object o, string key) => Node<StrictJson.String>(o, key, "a string").Value;

    private static string StringValue(StrictJson node, string what) =>
        (node as StrictJson.String)?.Value ?? throw new PartShapeException($"{what} is {node.Kind}, not a string", node.Line);

    private static bool Bool(StrictJson.Object o, string key) => Node<StrictJson.Bool>(o, key, "a boolean").Value;

    private static long Number(StrictJson node, string what) =>
        (node as StrictJson.Number)?.Value ?? throw new PartShapeException($"{what} is not an integer", node.Line);

    private static long Count(StrictJson.Object o, string key, long max)
    {
        long value = Number(o.Get(key)!, $"\"{key}\"");
        return value >= 0 && value <= max ? value : throw new PartShapeException($"\"{key}\" is {value}, not a count from 0 to {max}", o.Get(key)!.Line);
    }

    private static string Hex(StrictJson.Object o, string key, int length)
    {
        string value = String(o, key);
        return value.Length == length && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? value
            : throw new PartShapeException($"\"{key}\" is not {length} lowercase hex digits", o.Get(key)!.Line);
    }

    private sealed class PartShapeException(string message, int line) : Exception(message)
    {
        public int Line { get; } = line;
    }
}
