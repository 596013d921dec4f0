using Gate.Core.Manifests;

namespace Gate.Core.Datasets;

/// <summary>
/// One dataset under the gate: a data file or a folder of shards, relative to the checked folder,
/// with the manifest that describes its lineage (null when it has none).
/// </summary>
public sealed record Dataset(string Path, bool IsFolder, LineageManifest? Manifest);
