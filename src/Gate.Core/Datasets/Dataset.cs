using Gate.Core.Manifests;

namespace Gate.Core.Datasets;

/// <summary>
/// One dataset under the gate: a data file or a folder of shards, relative to the checked folder,
/// with the manifest that describes its lineage (null when it has none) and the files it is made
/// of, in path order (the file itself, or every shard of the folder). Discovery decides the files
/// once; scanning, locking and every rule read the same list.
/// </summary>
internal sealed record Dataset(string Path, bool IsFolder, LineageManifest? Manifest, IReadOnlyList<string> Files)
{
    /// <summary>A dataset of one file.</summary>
    public static Dataset OfFile(string path, LineageManifest? manifest) => new(path, IsFolder: false, manifest, [path]);

    /// <summary>Whether <paramref name="path"/> is this dataset or lies inside it.</summary>
    public bool Covers(string path) => path == Path || (IsFolder && path.StartsWith(Path + "/", StringComparison.Ordinal));
}
