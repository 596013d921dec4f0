using Gate.Core.Diagnostics;
using Gate.Core.Repository;

namespace Gate.Core.Policy;

/// <summary>The policy's <c>datasets:</c> globs: which files are under the gate.</summary>
public sealed record DatasetSelection(IReadOnlyList<Located<Glob>> Include, IReadOnlyList<Located<Glob>> Exclude)
{
    public bool Selects(string relativePath) =>
        Include.Any(g => g.Value.IsMatch(relativePath)) && !Exclude.Any(g => g.Value.IsMatch(relativePath));

    /// <summary>Whether some file below <paramref name="folder"/> could be selected: an include could match there, and no exclude covers the whole folder.</summary>
    public bool MaySelectBelow(string folder) =>
        Include.Any(g => g.Value.MayMatchBelow(folder)) && !Exclude.Any(g => g.Value.MatchesAllBelow(folder));
}
