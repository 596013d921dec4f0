using Gate.Core.Lineage;
using Gate.Core.Manifests;

namespace Gate.Core.Rules;

/// <summary>
/// The distinct teacher sets of the manifests of a run (and the one-model sets of generator values),
/// numbered, with whether one set holds a model another does not (answered once per ordered pair of sets): GATE007's overlap test compares a
/// dataset with the datasets whose teachers it does not all declare.
/// </summary>
internal sealed class TeacherSets(ModelRegistry registry)
{
    private readonly Dictionary<string, int> _numbers = new(ModelId.Comparer);
    private readonly List<HashSet<string>> _sets = [];
    private readonly Dictionary<(int, int), bool> _beyond = [];

    /// <summary>The number of the manifest's teacher set (its teachers' canonical names).</summary>
    public int Of(LineageManifest manifest) => Of(manifest.Teachers.Select(t => t.Value));

    /// <summary>The number of the set of one model, named as a generator field names it.</summary>
    public int OfModel(string model) => Of([model]);

    private int Of(IEnumerable<string> models)
    {
        HashSet<string> set = models.Select(registry.Canonical).ToHashSet(ModelId.Comparer);
        string key = string.Join('\n', set.Order(ModelId.Comparer));
        if (!_numbers.TryGetValue(key, out int number))
        {
            number = _sets.Count;
            _numbers[key] = number;
            _sets.Add(set);
        }

        return number;
    }

    /// <summary>
    /// Whether the set numbered <paramref name="other"/> holds a model the set numbered
    /// <paramref name="declared"/> does not: records shared with such a dataset may be that model's.
    /// </summary>
    public bool HasUndeclared(int declared, int other)
    {
        if (declared == other)
        {
            return false;
        }

        if (!_beyond.TryGetValue((declared, other), out bool beyond))
        {
            beyond = !_sets[other].IsSubsetOf(_sets[declared]);
            _beyond[(declared, other)] = beyond;
        }

        return beyond;
    }

    /// <summary>The models of the set numbered <paramref name="set"/>, in order.</summary>
    public string[] Models(int set) => [.. _sets[set].Order(StringComparer.Ordinal)];

    /// <summary>The models of the set numbered <paramref name="other"/> that the set numbered <paramref name="declared"/> does not hold, in order.</summary>
    public string[] Undeclared(int declared, int other) =>
        [.. _sets[other].Where(m => !_sets[declared].Contains(m)).Order(StringComparer.Ordinal)];
}
