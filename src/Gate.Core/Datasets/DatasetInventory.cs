using Gate.Core.Manifests;

namespace Gate.Core.Datasets;

/// <summary>What discovery found: the datasets, sorted by path, and the manifests that name no data.</summary>
internal sealed record DatasetInventory(IReadOnlyList<Dataset> Datasets, IReadOnlyList<LineageManifest> ManifestsNamingNothing);
