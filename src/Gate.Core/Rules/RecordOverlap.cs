namespace Gate.Core.Rules;

/// <summary>
/// GATE007's overlap test, exact: which distinct records of each dataset also appear in datasets
/// whose teachers it does not all declare. Records are compared by the low 64 bits of their hash
/// (as readers read them), so choosing which records to copy cannot hide a copy as it could from a
/// sketch. All datasets' record hashes are sorted together once; a hash held by datasets of one
/// teacher set only (a prompt every dataset of a teacher repeats) costs nothing more.
/// </summary>
internal static class RecordOverlap
{
    /// <summary>
    /// The overlaps at or above <paramref name="threshold"/> (a share of the dataset's distinct
    /// records), ordered by dataset, then by the teacher set they point at.
    /// </summary>
    /// <param name="recordHashes">Each dataset's record hashes, in any order, repeats allowed.</param>
    /// <param name="teacherSet">Each dataset's teacher set, as a number equal for equal sets.</param>
    /// <param name="hasUndeclared">Whether the second teacher set holds a model the first does not.</param>
    /// <param name="threshold">The share of a dataset's distinct records above which an overlap counts.</param>
    public static IReadOnlyList<Overlap> Find(IReadOnlyList<IReadOnlyCollection<ulong>> recordHashes, int[] teacherSet, Func<int, int, bool> hasUndeclared, double threshold)
    {
        int datasets = recordHashes.Count;
        var distinct = new long[datasets];
        var hashes = new ulong[recordHashes.Sum(h => (long)h.Count)];
        var owners = new int[hashes.Length];
        int filled = 0;
        for (int i = 0; i < datasets; i++)
        {
            Span<ulong> own = hashes.AsSpan(filled, recordHashes[i].Count);
            int copied = 0;
            foreach (ulong hash in recordHashes[i])
            {
                own[copied++] = hash;
            }

            own.Sort();
            int kept = Deduplicate(own);
            owners.AsSpan(filled, kept).Fill(i);
            distinct[i] = kept;
            filled += kept;
        }

        Array.Sort(hashes, owners, 0, filled);

        // Pass 1: per (dataset, teacher set), the distinct records shared with that set's datasets.
        var shared = new Dictionary<(int Dataset, int Set), long>();
        ForEachMixedRun(hashes, owners, filled, teacherSet, (run, sets) =>
        {
            foreach (int i in run)
            {
                foreach (int set in sets)
                {
                    if (hasUndeclared(teacherSet[i], set))
                    {
                        shared[(i, set)] = shared.GetValueOrDefault((i, set)) + 1;
                    }
                }
            }
        });

        var found = shared.Where(s => s.Value >= threshold * distinct[s.Key.Dataset]).Select(s => s.Key).ToHashSet();
        if (found.Count == 0)
        {
            return [];
        }

        // Pass 2, for the overlaps found only: how much each dataset of the set holds, to name them.
        var perSource = new Dictionary<(int Dataset, int Other), long>();
        ForEachMixedRun(hashes, owners, filled, teacherSet, (run, _) =>
        {
            foreach (int i in run)
            {
                foreach (int j in run)
                {
                    if (found.Contains((i, teacherSet[j])))
                    {
                        perSource[(i, j)] = perSource.GetValueOrDefault((i, j)) + 1;
                    }
                }
            }
        });

        return [.. found
            .OrderBy(f => f.Dataset).ThenBy(f => f.Set)
            .Select(f => new Overlap(
                f.Dataset,
                f.Set,
                shared[f],
                distinct[f.Dataset],
                [.. perSource.Where(p => p.Key.Dataset == f.Dataset && teacherSet[p.Key.Other] == f.Set)
                    .OrderByDescending(p => p.Value).ThenBy(p => p.Key.Other)
                    .Select(p => new OverlapSource(p.Key.Other, p.Value))]))];
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for each hash held by datasets of more than one teacher set,
    /// with the datasets holding it and their distinct teacher sets.
    /// </summary>
    private static void ForEachMixedRun(ulong[] hashes, int[] owners, int count, int[] teacherSet, Action<List<int>, List<int>> visit)
    {
        var run = new List<int>();
        var sets = new List<int>();
        var seen = new HashSet<int>();
        for (int start = 0, end; start < count; start = end)
        {
            for (end = start + 1; end < count && hashes[end] == hashes[start]; end++)
            {
            }

            if (end - start < 2)
            {
                continue;
            }

            run.Clear();
            sets.Clear();
            seen.Clear();
            for (int k = start; k < end; k++)
            {
                run.Add(owners[k]);
                if (seen.Add(teacherSet[owners[k]]))
                {
                    sets.Add(teacherSet[owners[k]]);
                }
            }

            if (sets.Count > 1)
            {
                visit(run, sets);
            }
        }
    }

    /// <summary>Moves the distinct values of a sorted span to its front; returns how many there are.</summary>
    private static int Deduplicate(Span<ulong> sorted)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        int kept = 1;
        for (int k = 1; k < sorted.Length; k++)
        {
            if (sorted[k] != sorted[kept - 1])
            {
                sorted[kept++] = sorted[k];
            }
        }

        return kept;
    }
}
