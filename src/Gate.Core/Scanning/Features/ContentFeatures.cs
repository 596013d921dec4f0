using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gate.Core.Scanning;

/// <summary>
/// What a dataset's records look like, in integers only so that every machine and thread count
/// computes the same value, and mergeable: the features of shards combine into exactly the
/// features of the whole (<see cref="MergeFrom"/> is associative and commutative, except that the
/// first location of a generator value keeps the earlier one).
/// </summary>
public sealed class ContentFeatures
{
    /// <summary>Bins of the numeric-token histogram: "0"–"9", "00"–"99", "000"–"999" (written forms differ: "087" is not "87"), and one overflow bin.</summary>
    public const int NumericBins = 1111;
    public const int OverflowBin = 1110;
    public const int SketchBuckets = 4096;
    public const int MaxFields = 256;

    public long Records { get; private set; }

    /// <summary>Order-insensitive digest of the record multiset: the sums mod 2^64 of the two halves of each record's XXH128.</summary>
    public ulong RecordSumLow { get; private set; }

    public ulong RecordSumHigh { get; private set; }

    public SortedSet<string> Fields { get; } = new(StringComparer.Ordinal);

    private long[]? _numeric = new long[NumericBins];
    private long[]? _tokens = new long[SketchBuckets];
    private long[]? _bigrams = new long[SketchBuckets];
    private ulong[]? _minHash = CreateEmptyMinHash();

    // What the lock and the rules still need once the sketches are released (ReleaseSketches).
    private string? _releasedDigest;
    private (string Token, long Count)[]? _releasedTopNumeric;
    private string? _releasedMinHashText;
    private int _releasedTopNumericAsked;

    public long[] Numeric => _numeric ?? throw Released();

    /// <summary>Counts of non-numeric tokens by hash bucket.</summary>
    public long[] Tokens => _tokens ?? throw Released();

    /// <summary>Counts of adjacent token pairs (numbers included) by hash bucket: some of the sequence-level structure.</summary>
    public long[] Bigrams => _bigrams ?? throw Released();

    public ulong[] MinHash => _minHash ?? throw Released();

    /// <summary>Whether <see cref="ReleaseSketches"/> was called: the dense counts are gone, their digest and summaries stay.</summary>
    public bool SketchesReleased => _numeric is null;

    /// <summary>
    /// Drops the dense counts (about 75 KB, whatever the dataset's size) once a scan is done with
    /// them, keeping what the lock and the rules read: <see cref="Digest"/>, the top numeric tokens
    /// up to <paramref name="topNumeric"/>, and <see cref="MinHashCanonical"/>. A workspace of many
    /// small datasets then holds a few hundred bytes per dataset, not the counts of every one.
    /// Anything that reads the counts afterwards throws: a mistake shows as a crash, never as a
    /// comparison with zeros.
    /// </summary>
    internal void ReleaseSketches(int topNumeric)
    {
        if (SketchesReleased)
        {
            return;
        }

        _releasedDigest = Digest();
        _releasedTopNumeric = [.. TopNumeric(topNumeric)];
        _releasedTopNumericAsked = topNumeric;
        _releasedMinHashText = MinHashCanonical;
        _numeric = _tokens = _bigrams = null;
        _minHash = null;
    }

    /// <summary>Values of the manifest's generator field, when one was asked for.</summary>
    public SortedDictionary<string, GeneratorCount> Generators { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Records that name no generator where the manifest declares a generator field: the field is
    /// absent, empty, or not a string (null, a number, a list, an object). Null when every record
    /// names one, or when no generator field was asked for.
    /// </summary>
    public GeneratorGap? GeneratorMissing { get; private set; }

    public string RecordSetDigest => $"{RecordSumHigh:x16}{RecordSumLow:x16}";

    /// <summary>
    /// The low 64 bits of each record's hash, in no order, when the scan was asked to keep them
    /// (GATE007 compares record sets exactly); null otherwise. Part of no digest and never written:
    /// it lives for the run that scanned the records.
    /// </summary>
    internal List<ulong>? RecordHashes { get; private set; }

    /// <summary>
    /// Beside <see cref="RecordHashes"/>, when the manifest declares a generator field: the one
    /// generator each record names (null when it names none, or several). GATE007 takes a record
    /// shared with a dataset that says who wrote each of its records as written by that model only.
    /// </summary>
    internal List<string?>? RecordGenerators { get; private set; }

    /// <summary>From now on, keeps each record's hash in <see cref="RecordHashes"/> (and its generator, <paramref name="withGenerators"/>).</summary>
    internal void KeepRecordHashes(bool withGenerators)
    {
        RecordHashes ??= [];
        if (withGenerators)
        {
            RecordGenerators ??= [];
        }
    }

    /// <summary>
    /// The SHA-256 of the dataset's records as GATE007 compares them (<see cref="OverlapRecords"/>),
    /// once <see cref="SettleRecordHashes"/> computed it: only for a dataset whose records were kept
    /// and whose manifest declares no generator field (a record's writer would then be part of what
    /// is compared). The lock keeps it as <c>overlapRecords</c>.
    /// </summary>
    internal string? OverlapDigest { get; private set; }

    /// <summary>
    /// Once the scan is done: sorts the kept record hashes, keeps each once (what the overlap test
    /// counts), and digests them under <paramref name="ignoredKeys"/>; then drops them unless
    /// <paramref name="keep"/> (a lock needs only the digest). Records with generators are left as
    /// they are, undigested.
    /// </summary>
    internal void SettleRecordHashes(IReadOnlyList<string> ignoredKeys, bool keep)
    {
        if (RecordHashes is not { } hashes || RecordGenerators is not null)
        {
            return;
        }

        OverlapRecords.SortDistinct(hashes);
        OverlapDigest = OverlapRecords.Digest(ignoredKeys, hashes);
        if (!keep)
        {
            RecordHashes = null;
        }
    }

    /// <summary>
    /// The features a lock entry records (<paramref name="locked"/>), for a dataset whose content a
    /// trusted base commit vouches for (<see cref="Repository.VouchedDatasets"/>), with its records as
    /// a record store held them (already checked against the digest the entry records).
    /// Released from the start: only the lock's values exist, and reading the dense counts throws.
    /// </summary>
    internal static ContentFeatures Vouched(long records, Locking.LockedFingerprint locked, List<ulong>? sortedHashes)
    {
        var features = new ContentFeatures
        {
            Records = records,
            RecordSumHigh = Convert.ToUInt64(locked.RecordSet[..16], 16),
            RecordSumLow = Convert.ToUInt64(locked.RecordSet[16..], 16),
            RecordHashes = sortedHashes,
            OverlapDigest = sortedHashes is null ? null : locked.OverlapRecords,
            _releasedDigest = locked.Digest,
            _releasedTopNumeric = [.. locked.TopNumeric.Select(t => (t.Key, t.Value))],
            _releasedTopNumericAsked = Locking.LockBuilder.TopNumericInLock,
            _releasedMinHashText = locked.MinHash,
            _numeric = null,
            _tokens = null,
            _bigrams = null,
            _minHash = null,
        };
        foreach (string field in locked.Fields)
        {
            features.AddField(field);
        }

        return features;
    }

    /// <summary>All 256 bins as big-endian base64 (<c>gate fingerprint</c>'s form).</summary>
    public string MinHashBase64 => MinHashText.Base64(MinHash);

    /// <summary>The signature as the lock keeps it (<see cref="MinHashText"/>).</summary>
    public string MinHashCanonical => _releasedMinHashText ?? MinHashText.Of(MinHash);

    /// <summary>A record: its hash, the generator it names, and its overlap hash when that differs (GATE007 compares those).</summary>
    internal void AddRecordHash(UInt128 hash, string? generator = null, UInt128? overlap = null)
    {
        Records++;
        ulong low = (ulong)hash, high = (ulong)(hash >> 64);
        RecordSumLow = unchecked(RecordSumLow + low);
        RecordSumHigh = unchecked(RecordSumHigh + high);
        MinHashKernels.Add(MinHash, low, high);
        RecordHashes?.Add(overlap is { } o ? (ulong)o : low);
        RecordGenerators?.Add(generator);
    }

    /// <summary>
    /// Keeps the <see cref="MaxFields"/> smallest names (ordinal) of all fields seen: a set that does
    /// not depend on the order fields arrive in, so chunks, threads and shards merge to the same one.
    /// </summary>
    internal void AddField(string name)
    {
        if (Fields.Count < MaxFields)
        {
            Fields.Add(name);
        }
        else if (string.CompareOrdinal(name, Fields.Max) < 0 && Fields.Add(name))
        {
            Fields.Remove(Fields.Max!);
        }
    }

    internal void AddGenerator(string value, string file, long line)
    {
        if (Generators.TryGetValue(value, out GeneratorCount? seen))
        {
            Generators[value] = seen with { Count = seen.Count + 1 };
        }
        else
        {
            Generators[value] = new GeneratorCount(1, file, line);
        }
    }

    internal void AddGeneratorMissing(string what, string file, long line) =>
        GeneratorMissing = GeneratorMissing is { } gap ? gap with { Count = gap.Count + 1 } : new GeneratorGap(1, what, file, line);

    /// <summary>
    /// Adds <paramref name="other"/> into this one (this instance changes) and returns it. Generator
    /// first-seen locations keep this side's (the earlier shard's).
    /// </summary>
    public ContentFeatures MergeFrom(ContentFeatures other)
    {
        Records += other.Records;
        RecordSumLow = unchecked(RecordSumLow + other.RecordSumLow);
        RecordSumHigh = unchecked(RecordSumHigh + other.RecordSumHigh);
        foreach (string field in other.Fields)
        {
            AddField(field);
        }

        Add(Numeric, other.Numeric);
        Add(Tokens, other.Tokens);
        Add(Bigrams, other.Bigrams);
        MinHashKernels.MinInto(MinHash, other.MinHash);
        if (other.RecordHashes is { } hashes)
        {
            // Generators stay beside their hashes: a side that kept none counts as records that name none.
            if (RecordGenerators is not null || other.RecordGenerators is not null)
            {
                RecordGenerators ??= [.. Enumerable.Repeat<string?>(null, RecordHashes?.Count ?? 0)];
                RecordGenerators.AddRange(other.RecordGenerators ?? Enumerable.Repeat<string?>(null, hashes.Count));
            }

            (RecordHashes ??= []).AddRange(hashes);
        }

        foreach (var (value, count) in other.Generators)
        {
            Generators[value] = Generators.TryGetValue(value, out GeneratorCount? mine)
                ? mine with { Count = mine.Count + count.Count }
                : count;
        }

        if (other.GeneratorMissing is { } theirs)
        {
            GeneratorMissing = GeneratorMissing is { } ours ? ours with { Count = ours.Count + theirs.Count } : theirs;
        }

        return this;
    }

    /// <summary>Features as another run computed them (a shard's part): every value as given, nothing recomputed.</summary>
    internal static ContentFeatures Restore(
        long records, ulong sumLow, ulong sumHigh, IEnumerable<string> fields, long[] numeric, long[] tokens, long[] bigrams, ulong[] minHash,
        IEnumerable<KeyValuePair<string, GeneratorCount>> generators, GeneratorGap? missing, List<ulong>? recordHashes = null, List<string?>? recordGenerators = null)
    {
        var features = new ContentFeatures
        {
            Records = records, RecordSumLow = sumLow, RecordSumHigh = sumHigh, GeneratorMissing = missing,
            RecordHashes = recordHashes, RecordGenerators = recordGenerators,
        };
        foreach (string field in fields)
        {
            features.AddField(field);
        }

        numeric.CopyTo(features.Numeric, 0);
        tokens.CopyTo(features.Tokens, 0);
        bigrams.CopyTo(features.Bigrams, 0);
        minHash.CopyTo(features.MinHash, 0);
        foreach (var (value, count) in generators)
        {
            features.Generators.Add(value, count);
        }

        return features;
    }

    /// <summary>Shifts generator first-seen lines by <paramref name="lines"/> (a chunk that started after that many lines of its file).</summary>
    internal void OffsetLines(long lines)
    {
        foreach (string key in Generators.Keys.ToArray())
        {
            Generators[key] = Generators[key] with { FirstLine = Generators[key].FirstLine + lines };
        }

        if (GeneratorMissing is { } gap)
        {
            GeneratorMissing = gap with { FirstLine = gap.FirstLine + lines };
        }
    }

    /// <summary>SHA-256 of a canonical serialisation of every feature: equal digests, equal features.</summary>
    public string Digest()
    {
        if (_releasedDigest is { } released)
        {
            return released;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] eight = new byte[8];
        void Long(long v)
        {
            BinaryPrimitives.WriteInt64LittleEndian(eight, v);
            hash.AppendData(eight);
        }

        Long(FingerprintVersion.Current);
        Long(Records);
        Long((long)RecordSumLow);
        Long((long)RecordSumHigh);
        foreach (string field in Fields)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(field + "\n"));
        }

        // Each count as 8 little-endian bytes: on a little-endian machine the arrays are those bytes
        // already, handed over whole (thousands of calls into the hash per dataset otherwise).
        if (BitConverter.IsLittleEndian)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Numeric.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Tokens.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Bigrams.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(MinHash.AsSpan()));
        }
        else
        {
            foreach (long v in Numeric) Long(v);
            foreach (long v in Tokens) Long(v);
            foreach (long v in Bigrams) Long(v);
            foreach (ulong v in MinHash) Long((long)v);
        }
        foreach (var (value, count) in Generators)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{value}\n{count.Count}\n{count.FirstFile}\n{count.FirstLine}\n"));
        }

        // Only when present, so that the digest of every dataset whose records all name a generator is what it was.
        if (GeneratorMissing is { } gap)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\0missing\n{gap.Count}\n{gap.What}\n{gap.FirstFile}\n{gap.FirstLine}\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The written form of a numeric bin ("087"), or "1000+" style overflow.</summary>
    public static string NumericToken(int bin) => bin switch
    {
        < 10 => bin.ToString(System.Globalization.CultureInfo.InvariantCulture),
        < 110 => (bin - 10).ToString("00", System.Globalization.CultureInfo.InvariantCulture),
        < 1110 => (bin - 110).ToString("000", System.Globalization.CultureInfo.InvariantCulture),
        _ => "(4+ digits)",
    };

    /// <summary>The most frequent numeric tokens, by count then bin.</summary>
    public IReadOnlyList<(string Token, long Count)> TopNumeric(int count) =>
        _releasedTopNumeric is { } released
            ? count <= _releasedTopNumericAsked ? released[..Math.Min(count, released.Length)] : throw Released()
            : Enumerable.Range(0, NumericBins).Where(i => Numeric[i] > 0)
            .OrderByDescending(i => Numeric[i]).ThenBy(i => i).Take(count)
            .Select(i => (NumericToken(i), Numeric[i])).ToArray();

    private static InvalidOperationException Released() =>
        new("the dense counts of these features were released after the scan (ContentFeatures.ReleaseSketches); read them before releasing");

    private static void Add(long[] into, long[] other) =>
        System.Numerics.Tensors.TensorPrimitives.Add(into, other, into);

    private static ulong[] CreateEmptyMinHash()
    {
        var bins = new ulong[MinHashKernels.Bins];
        Array.Fill(bins, MinHashKernels.Empty);
        return bins;
    }
}
