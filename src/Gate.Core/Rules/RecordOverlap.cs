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
    /// <param name="partitions">Into how many ranges of the hash space the first pass is cut, each merged on a thread of its own; null: one per core (up to 8) from a million records on.</param>
    public static IReadOnlyList<Overlap> Find(IReadOnlyList<DatasetRecords> datasets, Func<int, int, string[]> undeclared, Func<int, int> setSize, double threshold, int? partitions = null)
    {
        if (datasets.All(d => d.WriterSets is null) && datasets.Select(d => d.TeacherSet).Distinct().Count() <= 1)
        {
            return []; // one teacher set wrote every record: no dataset holds another's as an undeclared model's writing
        }

        var distinct = new long[datasets.Count];
        var segments = new Segment[datasets.Count];
        for (int i = 0; i < datasets.Count; i++)
        {
            DatasetRecords records = datasets[i];
            if (records.WriterSets is null && StrictlyAscending(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records.Hashes)))
            {
                // Already sorted and distinct (as a scan settles them, or a record store holds them): read where they are.
                distinct[i] = records.Hashes.Count;
                segments[i] = new Segment(records.Hashes, null, new Holder(i, records.TeacherSet));
                continue;
            }

            ulong[] hashes = [.. records.Hashes];
            var holders = new Holder[hashes.Length];
            for (int k = 0; k < hashes.Length; k++)
            {
                holders[k] = new Holder(i, records.WriterSets?[k] ?? records.TeacherSet);
            }

            Array.Sort(hashes, holders);
            (int kept, distinct[i]) = Deduplicate(hashes, holders);
            segments[i] = new Segment([.. hashes.AsSpan(0, kept)], holders[..kept], default);
        }

        // Pass 1: per dataset, the distinct records another dataset holds as the writing of a set with a
        // model it does not declare. Every record of one hash lies in one range of the hash space, so the
        // ranges are merged apart, in parallel, each counting on its own; the counts are summed after.
        int parts = partitions ?? (segments.Sum(g => (long)g.Hashes.Count) >= ParallelFrom ? Math.Clamp(Environment.ProcessorCount, 1, 8) : 1);
        var anyUndeclared = new System.Collections.Concurrent.ConcurrentDictionary<(int Mine, int Set), bool>();
        var asking = new object();
        bool AnyUndeclared(int mine, int set) =>
            anyUndeclared.GetOrAdd((mine, set), key =>
            {
                lock (asking)
                {
                    return undeclared(key.Mine, key.Set).Length > 0; // the caller's memo is not thread-safe
                }
            });
        var counted = new long[parts][];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var mine = new long[datasets.Count];
            ForEachSharedRecord(segments, Range(segments, part, parts), run =>
            {
                foreach (int i in run.Datasets)
                {
                    foreach (var (set, holdersOfSet) in run.Sets)
                    {
                        if (holdersOfSet.HeldByOtherThan(i) && AnyUndeclared(datasets[i].TeacherSet, set))
                        {
                            mine[i]++;
                            break;
                        }
                    }
                }
            });
            counted[part] = mine;
        });
        var shared = new long[datasets.Count];
        foreach (long[] mine in counted)
        {
            for (int i = 0; i < shared.Length; i++)
            {
                shared[i] += mine[i];
            }
        }

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
        ForEachSharedRecord(segments, Range(segments, 0, 1), run =>
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
    /// One dataset's distinct hashes, ascending, and who holds each: <see cref="Holders"/> beside them
    /// when its records name their writers, else <see cref="Holder"/> for all.
    /// </summary>
    private sealed record Segment(List<ulong> Hashes, Holder[]? Holders, Holder Holder)
    {
        public Holder HolderAt(int k) => Holders is null ? Holder : Holders[k];
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for each hash that more than one dataset holds, in ascending
    /// order: a merge of the datasets' sorted hashes through a heap of one cursor per dataset, so
    /// the whole is never sorted again (n log k, not n log n) and nothing is copied.
    /// </summary>
    // Optimised from the first call: a merge of millions of records runs once per check, long before tiering would get to it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ForEachSharedRecord(Segment[] segments, (int[] From, int[] To) range, Action<Run> visit)
    {
        int[] at = range.From, end = range.To;
        // The heap holds each cursor's current hash beside it, so ordering it reads no list.
        var heap = new Cursor[segments.Length];
        int size = 0;
        for (int d = 0; d < segments.Length; d++)
        {
            if (at[d] < end[d])
            {
                heap[size++] = new Cursor(segments[d].Hashes[at[d]], d);
            }
        }

        for (int i = (size / 2) - 1; i >= 0; i--)
        {
            SiftDown(heap, size, i);
        }

        var run = new Run();
        var held = new List<(int Dataset, int From, int To)>();
        while (size > 0)
        {
            ulong hash = heap[0].Hash;
            held.Clear();
            while (size > 0 && heap[0].Hash == hash)
            {
                int d = heap[0].Dataset;
                List<ulong> hashes = segments[d].Hashes;
                int from = at[d], next = from + 1;
                while (next < end[d] && hashes[next] == hash)
                {
                    next++; // the same record held under several writers
                }

                at[d] = next;
                held.Add((d, from, next));
                if (next == end[d])
                {
                    heap[0] = heap[--size];
                }
                else
                {
                    heap[0] = new Cursor(hashes[next], d);
                }

                SiftDown(heap, size, 0);
            }

            if (held.Count < 2)
            {
                continue; // one dataset holds it
            }

            run.Clear();
            foreach (var (d, from, to) in held)
            {
                for (int k = from; k < to; k++)
                {
                    run.Add(segments[d].HolderAt(k));
                }
            }

            visit(run);
        }
    }

    /// <summary>From how many records the first pass is merged in parallel ranges.</summary>
    private const long ParallelFrom = 1 << 20;

    /// <summary>
    /// Where each dataset's hashes of range <paramref name="part"/> of <paramref name="parts"/> equal
    /// ranges of the hash space begin and end (a fresh copy: the merge moves the beginnings).
    /// </summary>
    private static (int[] From, int[] To) Range(Segment[] segments, int part, int parts)
    {
        UInt128 span = (UInt128)ulong.MaxValue + 1;
        ulong low = (ulong)(span * (uint)part / (uint)parts);
        ulong? high = part + 1 == parts ? null : (ulong)(span * (uint)(part + 1) / (uint)parts);
        var from = new int[segments.Length];
        var to = new int[segments.Length];
        for (int d = 0; d < segments.Length; d++)
        {
            List<ulong> hashes = segments[d].Hashes;
            from[d] = part == 0 ? 0 : FirstAtLeast(hashes, low);
            to[d] = high is { } bound ? FirstAtLeast(hashes, bound) : hashes.Count;
        }

        return (from, to);
    }

    /// <summary>The first index of ascending <paramref name="hashes"/> holding <paramref name="value"/> or more.</summary>
    private static int FirstAtLeast(List<ulong> hashes, ulong value)
    {
        int low = 0, high = hashes.Count;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (hashes[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>A dataset's place in the merge: the hash it is at.</summary>
    private readonly record struct Cursor(ulong Hash, int Dataset)
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool Before(Cursor other) => Hash < other.Hash || (Hash == other.Hash && Dataset < other.Dataset);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SiftDown(Cursor[] heap, int size, int i)
    {
        Cursor moving = heap[i];
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= size)
            {
                break;
            }

            if (child + 1 < size && heap[child + 1].Before(heap[child]))
            {
                child++;
            }

            if (!heap[child].Before(moving))
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        heap[i] = moving;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
