using System.Globalization;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>
/// GATE007's overlap test against a plain reference written from its definition (sets and loops, no
/// sorting or merging): random datasets over a small universe of hashes, so records are shared
/// often, with and without per-record writers, given in any order or already sorted and distinct
/// (as a scan settles them and a record store holds them).
/// </summary>
public sealed class RecordOverlapTests
{
    // Teacher sets by number: 0 {A}, 1 {B}, 2 {A, B}, 3 {C}.
    private static readonly string[][] Sets = [["A"], ["B"], ["A", "B"], ["C"]];

    private static string[] Undeclared(int mine, int theirs) => [.. Sets[theirs].Except(Sets[mine]).Order(StringComparer.Ordinal)];

    private static int SetSize(int set) => Sets[set].Length;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Find_agrees_with_the_definition_on_random_datasets(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            int count = random.Next(1, 9);
            var datasets = new List<DatasetRecords>();
            for (int d = 0; d < count; d++)
            {
                int size = random.Next(0, 40);
                // Spread over the whole hash space (so every range of a split gets some), with repeats.
                List<ulong> hashes = [.. Enumerable.Range(0, size).Select(_ => unchecked((ulong)random.Next(0, 60) * 0x9E3779B97F4A7C15UL))];
                int?[]? writers = random.Next(3) == 0 ? [.. hashes.Select(_ => random.Next(3) == 0 ? (int?)null : random.Next(0, 4))] : null;
                if (writers is null && random.Next(2) == 0)
                {
                    hashes = [.. hashes.Distinct().Order()];
                }

                datasets.Add(new DatasetRecords(hashes, random.Next(0, 4), writers));
            }

            double threshold = new[] { 0.0001, 0.3, 0.5, 1.0 }[random.Next(4)];
            string expected = Describe(Reference(datasets, threshold));
            // Find works on copies: the hashes it is given are not its to reorder for the reference.
            // In one range, and cut into ranges of the hash space merged in parallel.
            foreach (int partitions in new[] { 1, 3 })
            {
                string actual = Describe(RecordOverlap.Find([.. datasets.Select(d => d with { Hashes = [.. d.Hashes] })], Undeclared, SetSize, threshold, partitions));

                Assert.Equal(expected, actual);
            }
        }
    }

    /// <summary>GATE007's definition, directly.</summary>
    private static List<Overlap> Reference(List<DatasetRecords> datasets, double threshold)
    {
        // Who holds each hash, as whose writing: (dataset, set) pairs.
        var holders = new Dictionary<ulong, HashSet<(int Dataset, int Set)>>();
        for (int d = 0; d < datasets.Count; d++)
        {
            for (int k = 0; k < datasets[d].Hashes.Count; k++)
            {
                ulong hash = datasets[d].Hashes[k];
                (holders.TryGetValue(hash, out var set) ? set : holders[hash] = []).Add((d, datasets[d].WriterSets?[k] ?? datasets[d].TeacherSet));
            }
        }

        var result = new List<Overlap>();
        for (int i = 0; i < datasets.Count; i++)
        {
            ulong[] distinct = [.. datasets[i].Hashes.Distinct()];
            int mine = datasets[i].TeacherSet;
            long shared = distinct.LongCount(h => holders[h].Any(o => o.Dataset != i && Undeclared(mine, o.Set).Length > 0));
            if (shared == 0 || shared < threshold * distinct.Length)
            {
                continue;
            }

            foreach (string model in holders.Values.SelectMany(s => s).Where(o => o.Dataset != i).SelectMany(o => Undeclared(mine, o.Set)).Distinct().Order(StringComparer.Ordinal))
            {
                bool Gives((int Dataset, int Set) o) => o.Dataset != i && Undeclared(mine, o.Set).Contains(model);
                long byModel = distinct.LongCount(h => holders[h].Any(Gives));
                if (byModel == 0)
                {
                    continue;
                }

                bool coWritten = distinct.Any(h => holders[h].Any(o => Gives(o) && SetSize(o.Set) > 1));
                OverlapSource[] sources = [.. Enumerable.Range(0, datasets.Count)
                    .Select(j => new OverlapSource(j, distinct.LongCount(h => holders[h].Any(o => o.Dataset == j && Gives(o)))))
                    .Where(s => s.Shared > 0)
                    .OrderByDescending(s => s.Shared).ThenBy(s => s.Dataset)];
                result.Add(new Overlap(i, model, byModel, shared, distinct.Length, coWritten, sources));
            }
        }

        return result;
    }

    private static string Describe(IEnumerable<Overlap> overlaps) =>
        string.Join("\n", overlaps.Select(o => string.Create(CultureInfo.InvariantCulture,
            $"{o.Dataset} {o.Model} {o.ByModel} {o.Shared} {o.Distinct} {o.CoWritten} [{string.Join(", ", o.Sources.Select(s => $"{s.Dataset}:{s.Shared}"))}]")));
}
