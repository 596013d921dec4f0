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
    private readonly Dictionary<(int, int), string[]> _undeclared = [];

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

    /// <summary>How many models the set numbered <paramref name="set"/> holds.</summary>
    public int Size(int set) => _sets[set].Count;

    /// <summary>
    /// The models of the set numbered <paramref name="other"/> that the set numbered <paramref name="declared"/>
    /// does not hold, in order (none for a set against itself): records shared with a dataset of such a
    /// set may be those models'. Answered once per ordered pair of sets.
    /// </summary>
    public string[] Undeclared(int declared, int other)
    {
        if (!_undeclared.TryGetValue((declared, other), out string[]? models))
        {
            models = declared == other ? [] : [.. _sets[other].Where(m => !_sets[declared].Contains(m)).Order(StringComparer.Ordinal)];
            _undeclared[(declared, other)] = models;
        }

        return models;
    }
}
