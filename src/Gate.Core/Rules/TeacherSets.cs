using Gate.Core.Lineage;
using Gate.Core.Manifests;

namespace Gate.Core.Rules;

/// <summary>
/// The distinct teacher sets of the manifests of a run, numbered, with whether two share a model
/// (answered once per pair of sets): GATE007's overlap test compares only datasets of disjoint sets.
/// </summary>
internal sealed class TeacherSets(ModelRegistry registry)
{
    private readonly Dictionary<string, int> _numbers = new(ModelId.Comparer);
    private readonly List<HashSet<string>> _sets = [];
    private readonly Dictionary<(int, int), bool> _disjoint = [];

    /// <summary>The number of the manifest's teacher set (its teachers' canonical names).</summary>
    public int Of(LineageManifest manifest)
    {
        HashSet<string> set = manifest.Teachers.Select(t => registry.Canonical(t.Value)).ToHashSet(ModelId.Comparer);
        string key = string.Join('\n', set.Order(ModelId.Comparer));
        if (!_numbers.TryGetValue(key, out int number))
        {
            number = _sets.Count;
            _numbers[key] = number;
            _sets.Add(set);
        }

        return number;
    }

    /// <summary>Whether the sets numbered <paramref name="a"/> and <paramref name="b"/> share no model.</summary>
    public bool Disjoint(int a, int b)
    {
        if (a == b)
        {
            return false;
        }

        (int, int) pair = a < b ? (a, b) : (b, a);
        if (!_disjoint.TryGetValue(pair, out bool disjoint))
        {
            disjoint = !_sets[pair.Item1].Overlaps(_sets[pair.Item2]);
            _disjoint[pair] = disjoint;
        }

        return disjoint;
    }
}
