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
/// Each dataset's hashes are sorted once (records a scan settled, or a record store held, already
/// are), then merged; a hash held by many datasets costs their number times the distinct teacher
/// sets among them, never their square.
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
        // Each dataset's distinct hashes, sorted, from starts[i] to starts[i + 1].
        var starts = new int[datasets.Count + 1];
        int filled = 0;
        for (int i = 0; i < datasets.Count; i++)
        {
            DatasetRecords records = datasets[i];
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records.Hashes).CopyTo(hashes.AsSpan(filled));
            for (int k = 0; k < records.Hashes.Count; k++)
            {
                holders[filled + k] = new Holder(i, records.WriterSets?[k] ?? records.TeacherSet);
            }

            starts[i] = filled;
            Span<ulong> own = hashes.AsSpan(filled, records.Hashes.Count);
            if (records.WriterSets is null && StrictlyAscending(own))
            {
                // Already sorted and distinct (as a scan settles them, or a record store holds them): nothing to do.
                distinct[i] = own.Length;
                filled += own.Length;
                continue;
            }

            Array.Sort(hashes, holders, filled, records.Hashes.Count);
            (int kept, distinct[i]) = Deduplicate(own, holders.AsSpan(filled, records.Hashes.Count));
            filled += kept;
        }

        starts[datasets.Count] = filled;
        // Pass 1: per dataset, the distinct records another dataset holds as the writing of a set with a model it does not declare.
        var shared = new long[datasets.Count];
        ForEachSharedRecord(hashes, holders, starts, run =>
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
        ForEachSharedRecord(hashes, holders, starts, run =>
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

    /// <summary>
    /// Calls <paramref name="visit"/> for each hash that more than one dataset holds, in ascending
    /// order: a merge of the datasets' sorted runs (from <paramref name="starts"/>[i] to
    /// <paramref name="starts"/>[i + 1]) through a heap of one cursor per dataset, so the whole is
    /// never sorted again (n log k, not n log n) and nothing is copied.
    /// </summary>
    private static void ForEachSharedRecord(ulong[] hashes, Holder[] holders, int[] starts, Action<Run> visit)
    {
        int datasets = starts.Length - 1;
        var at = new int[datasets];
        var heap = new int[datasets];
        int size = 0;
        for (int d = 0; d < datasets; d++)
        {
            at[d] = starts[d];
            if (starts[d] < starts[d + 1])
            {
                heap[size++] = d;
            }
        }

        ulong Key(int d) => hashes[at[d]];
        bool Before(int a, int b) => Key(a) < Key(b) || (Key(a) == Key(b) && a < b);
        void SiftDown(int i)
        {
            while (true)
            {
                int smallest = i, left = (2 * i) + 1, right = left + 1;
                if (left < size && Before(heap[left], heap[smallest]))
                {
                    smallest = left;
                }

                if (right < size && Before(heap[right], heap[smallest]))
                {
                    smallest = right;
                }

                if (smallest == i)
                {
                    return;
                }

                (heap[i], heap[smallest]) = (heap[smallest], heap[i]);
                i = smallest;
            }
        }

        for (int i = (size / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        var run = new Run();
        var held = new List<(int From, int To)>();
        while (size > 0)
        {
            ulong hash = Key(heap[0]);
            held.Clear();
            while (size > 0 && Key(heap[0]) == hash)
            {
                int d = heap[0];
                int from = at[d];
                while (at[d] < starts[d + 1] && hashes[at[d]] == hash)
                {
                    at[d]++;
                }

                held.Add((from, at[d]));
                if (at[d] == starts[d + 1])
                {
                    heap[0] = heap[--size];
                }

                SiftDown(0);
            }

            if (held.Count < 2)
            {
                continue; // one dataset holds it
            }

            run.Clear();
            foreach (var (from, to) in held)
            {
                for (int k = from; k < to; k++)
                {
                    run.Add(holders[k]);
                }
            }

            visit(run);
        }
    }

    private static bool StrictlyAscending(ReadOnlySpan<ulong> hashes)
    {
        for (int k = 1; k < hashes.Length; k++)
        {
            if (hashes[k - 1] >= hashes[k])
            {
                return false;
            }
        }

        return true;
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
