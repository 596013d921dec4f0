using Gate.Core.Scanning;

namespace Gate.Core.Sharding;

/// <summary>
/// One file's features as a part carries them: the counts sparse (the bins that are not zero), so
/// a shard of many small files, and a merge of many parts, hold a few hundred bytes per file rather
/// than the 75 KB of dense counts; dense features are made again only when a dataset's files are
/// combined (<see cref="ToFeatures"/>), one at a time.
/// </summary>
internal sealed record PartFeatures(
    long Records,
    ulong SumLow,
    ulong SumHigh,
    IReadOnlyList<string> Fields,
    IReadOnlyList<(int Bin, long Count)> Numeric,
    IReadOnlyList<(int Bin, long Count)> Tokens,
    IReadOnlyList<(int Bin, long Count)> Bigrams,
    string MinHash,
    IReadOnlyList<KeyValuePair<string, GeneratorCount>> Generators,
    GeneratorGap? Missing,
    ulong[]? RecordHashes,
    int[]? RecordGenerators)
{
    /// <summary>The part's form of <paramref name="features"/>; each record's generator as its position among <see cref="Generators"/> (-1: none).</summary>
    public static PartFeatures Of(ContentFeatures features)
    {
        KeyValuePair<string, GeneratorCount>[] generators = [.. features.Generators];
        int[]? positions = null;
        if (features.RecordGenerators is { } named)
        {
            string[] values = [.. generators.Select(g => g.Key)];
            positions = new int[named.Count];
            for (int i = 0; i < positions.Length; i++)
            {
                positions[i] = named[i] is { } g
                    ? Array.BinarySearch(values, g, StringComparer.Ordinal) is >= 0 and var at ? at : throw new InvalidOperationException("a record names a generator the counts do not hold")
                    : -1;
            }
        }

        return new PartFeatures(
            features.Records, features.RecordSumLow, features.RecordSumHigh, [.. features.Fields],
            Sparse(features.Numeric), Sparse(features.Tokens), Sparse(features.Bigrams), features.MinHashCanonical,
            generators, features.GeneratorMissing, features.RecordHashes?.ToArray(), positions);
    }

    /// <summary>Dense features again, for combining a dataset's files.</summary>
    public ContentFeatures ToFeatures() =>
        ContentFeatures.Restore(
            Records, SumLow, SumHigh, Fields,
            Dense(Numeric, ContentFeatures.NumericBins), Dense(Tokens, ContentFeatures.SketchBuckets), Dense(Bigrams, ContentFeatures.SketchBuckets),
            MinHashText.Bins(MinHash), Generators, Missing,
            RecordHashes is null ? null : [.. RecordHashes],
            RecordGenerators is null ? null : [.. RecordGenerators.Select(p => p < 0 ? null : Generators[p].Key)]);

    private static (int Bin, long Count)[] Sparse(long[] counts) =>
        [.. counts.Select((count, bin) => (bin, count)).Where(c => c.count != 0)];

    private static long[] Dense(IReadOnlyList<(int Bin, long Count)> sparse, int size)
    {
        var counts = new long[size];
        foreach (var (bin, count) in sparse)
        {
            counts[bin] = count;
        }

        return counts;
    }
}
