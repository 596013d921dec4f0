namespace Gate.Core.Rules;

/// <summary>
/// GATE007's overlap test, exact: which distinct records of each dataset also appear in other
/// datasets written by a model it does not declare. Records are compared by the low 64 bits of
/// their hash (as readers read them), so choosing which records to copy cannot hide a copy as it
/// could from a sketch. A record is taken as written by its dataset's teachers, or, where that
/// dataset's generator field names the one model that wrote it, by that model alone. The threshold
/// applies to all such records of a dataset together, whichever models and datasets they come from,
/// so a copy drawn in small parts from many sources is found as surely as one drawn from one; the
/// finding is then given per undeclared model, so a waiver approved for one model covers no other.
/// All record hashes are sorted together once; a hash held by many datasets costs their number
/// times the distinct teacher sets among them, never their square.
/// </summary>
internal static class RecordOverlap
{
    /// <summary>
    /// The overlaps of the datasets whose records held elsewhere by undeclared models reach
    /// <paramref name="threshold"/> (a share of the dataset's distinct records), one per dataset and
    /// undeclared model, ordered by dataset, then model.
    /// </summary>
    /// <param name="datasets">Each dataset's records and who wrote them.</param>
    /// <param name="undeclared">The models of the second teacher set that the first does not hold (empty when none), in order; called often, so it should be memoised.</param>
    /// <param name="setSize">How many models the teacher set numbered so holds.</param>
    /// <param name="threshold">The share of a dataset's distinct records at which an overlap counts.</param>
    public static IReadOnlyList<Overlap> Find(IReadOnlyList<DatasetRecords> datasets, Func<int, int, string[]> undeclared, Func<int, int> setSize, double threshold)
    {
        var distinct = new long[datasets.Count];
        var hashes = new ulong[datasets.Sum(d => (long)d.Hashes.Count)];
        var holders = new Holder[hashes.Length];
        int filled = 0;
        for (int i = 0; i < datasets.Count; i++)
        {
            DatasetRecords records = datasets[i];
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records.Hashes).CopyTo(hashes.AsSpan(filled));
            for (int k = 0; k < records.Hashes.Count; k++)
            {
                holders[filled + k] = new Holder(i, records.WriterSets?[k] ?? records.TeacherSet);
            }

            Array.Sort(hashes, holders, filled, records.Hashes.Count);
            (int kept, distinct[i]) = Deduplicate(hashes.AsSpan(filled, records.Hashes.Count), holders.AsSpan(filled, records.Hashes.Count));
            filled += kept;
        }

        Array.Sort(hashes, holders, 0, filled);
        // Pass 1: per dataset, the distinct records another dataset holds as the writing of a set with a model it does not declare.
        var shared = new long[datasets.Count];
        ForEachSharedRecord(hashes, holders, filled, run =>
        {
            foreach (int i in run.Datasets)
            {
                foreach (var (set, holdersOfSet) in run.Sets)
                {
                    if (holdersOfSet.HeldByOtherThan(i) && undeclared(datasets[i].TeacherSet, set).Length > 0)
                    {
                        shared[i]++;
                        break;
                    }
                }
            }
        });

        var found = Enumerable.Range(0, datasets.Count).Where(i => shared[i] > 0 && shared[i] >= threshold * distinct[i]).ToHashSet();
        if (found.Count == 0)
        {
            return [];
        }

        // Pass 2, for those datasets only: per undeclared model, its records and the datasets that hold them.
        var perModel = new Dictionary<(int Dataset, string Model), long>();
        var perSource = new Dictionary<(int Dataset, string Model, int Other), long>();
        var coWritten = new HashSet<(int Dataset, string Model)>();
        var models = new HashSet<string>(StringComparer.Ordinal);
        var sources = new HashSet<(string, int)>();
        ForEachSharedRecord(hashes, holders, filled, run =>
        {
            foreach (int i in run.Datasets.Where(found.Contains))
            {
                models.Clear();
                sources.Clear();
                foreach (Holder holder in run.Holders)
                {
                    if (holder.Dataset == i)
                    {
                        continue;
                    }

                    bool several = setSize(holder.Set) > 1;
                    foreach (string model in undeclared(datasets[i].TeacherSet, holder.Set))
                    {
                        if (models.Add(model))
                        {
                            perModel[(i, model)] = perModel.GetValueOrDefault((i, model)) + 1;
                        }

                        if (sources.Add((model, holder.Dataset)))
                        {
                            perSource[(i, model, holder.Dataset)] = perSource.GetValueOrDefault((i, model, holder.Dataset)) + 1;
                        }

                        if (several)
                        {
                            coWritten.Add((i, model));
                        }
                    }
                }
            }
        });

        var sourcesOf = perSource.GroupBy(p => (p.Key.Dataset, p.Key.Model)).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<OverlapSource>)[.. g.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Other).Select(p => new OverlapSource(p.Key.Other, p.Value))]);
        return [.. perModel
            .OrderBy(p => p.Key.Dataset).ThenBy(p => p.Key.Model, StringComparer.Ordinal)
            .Select(p => new Overlap(p.Key.Dataset, p.Key.Model, p.Value, shared[p.Key.Dataset], distinct[p.Key.Dataset], coWritten.Contains(p.Key), sourcesOf[p.Key]))];
    }

    /// <summary>One dataset's hold on one record: which dataset, and as whose writing (a teacher set's number).</summary>
    private readonly record struct Holder(int Dataset, int Set);

    /// <summary>The datasets holding one record hash, and, per writer set, who holds it as that set's.</summary>
    private sealed class Run
    {
        private readonly HashSet<int> _datasets = [];
        private readonly Dictionary<int, SetHolders> _sets = [];

        public List<Holder> Holders { get; } = [];

        public List<int> Datasets { get; } = [];

        public List<(int Set, SetHolders Holders)> Sets { get; } = [];

        public void Clear()
        {
            Holders.Clear();
            Datasets.Clear();
            Sets.Clear();
            _datasets.Clear();
            _sets.Clear();
        }

        public void Add(Holder holder)
        {
            Holders.Add(holder);
            if (_datasets.Add(holder.Dataset))
            {
                Datasets.Add(holder.Dataset);
            }

            if (!_sets.TryGetValue(holder.Set, out SetHolders? holders))
            {
                holders = new SetHolders(holder.Dataset);
                _sets[holder.Set] = holders;
                Sets.Add((holder.Set, holders));
            }
            else if (holders.First != holder.Dataset)
            {
                holders.Several = true;
            }
        }
    }

    /// <summary>The first dataset holding a record as one set's, and whether another does too.</summary>
    private sealed class SetHolders(int first)
    {
        public bool Several { get; set; }

        public int First { get; } = first;

        public bool HeldByOtherThan(int dataset) => Several || First != dataset;
    }

    /// <summary>Calls <paramref name="visit"/> for each hash that more than one dataset holds.</summary>
    private static void ForEachSharedRecord(ulong[] hashes, Holder[] holders, int count, Action<Run> visit)
    {
        var run = new Run();
        for (int start = 0, end; start < count; start = end)
        {
            bool severalDatasets = false;
            for (end = start + 1; end < count && hashes[end] == hashes[start]; end++)
            {
                severalDatasets |= holders[end].Dataset != holders[start].Dataset;
            }

            if (!severalDatasets)
            {
                continue;
            }

            run.Clear();
            for (int k = start; k < end; k++)
            {
                run.Add(holders[k]);
            }

            visit(run);
        }
    }

    /// <summary>
    /// Keeps one holder per (hash, set) of a dataset's hashes sorted by hash, at the front; returns
    /// how many holders were kept and how many distinct hashes there are.
    /// </summary>
    private static (int Kept, long Distinct) Deduplicate(Span<ulong> hashes, Span<Holder> holders)
    {
        int kept = 0;
        long distinct = 0;
        for (int start = 0, end; start < hashes.Length; start = end)
        {
            for (end = start + 1; end < hashes.Length && hashes[end] == hashes[start]; end++)
            {
            }

            distinct++;
            int runStart = kept;
            for (int k = start; k < end; k++)
            {
                if (!holders[runStart..kept].Contains(holders[k]))
                {
                    hashes[kept] = hashes[k];
                    holders[kept++] = holders[k];
                }
            }
        }

        return (kept, distinct);
    }
}
