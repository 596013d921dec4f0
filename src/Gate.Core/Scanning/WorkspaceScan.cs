using System.Security.Cryptography;
using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Manifests;
using Gate.Core.Repository;

namespace Gate.Core.Scanning;

/// <summary>
/// The fingerprints of a workspace: every dataset (with its manifest's generator field), and every
/// reference a manifest names (for the divergence screen).
/// </summary>
public sealed class WorkspaceScan
{
    private WorkspaceScan(RepositoryListing listing, IReadOnlyDictionary<string, DatasetFingerprint> datasets, IReadOnlyDictionary<string, DatasetFingerprint> references)
    {
        Listing = listing;
        Datasets = datasets;
        References = references;
    }

    /// <summary>The files below the root as listed once for the run (<see cref="GateWorkspace.Listing"/>): folder datasets and references are taken from it.</summary>
    public RepositoryListing Listing { get; }

    public IReadOnlyDictionary<string, DatasetFingerprint> Datasets { get; }

    /// <summary>Keyed by the reference's checked-folder-relative path; a missing reference file is absent.</summary>
    public IReadOnlyDictionary<string, DatasetFingerprint> References { get; }

    /// <summary>Scans with the files below the root as already listed (<see cref="GateWorkspace.Listing"/>), not walking the tree again.</summary>
    public static WorkspaceScan Run(RepositoryRoot root, RepositoryListing listing, DatasetInventory inventory, bool scanReferences, ScanOptions options, CancellationToken cancellationToken = default)
    {
        var datasets = new SortedDictionary<string, DatasetFingerprint>(StringComparer.Ordinal);
        foreach (Dataset dataset in inventory.Datasets)
        {
            ScanOptions forDataset = options with { GeneratorField = dataset.Manifest?.GeneratorField?.Value };
            datasets[dataset.Path] = DatasetScanner.Scan(root, dataset, forDataset, cancellationToken);
        }

        var references = new SortedDictionary<string, DatasetFingerprint>(StringComparer.Ordinal);
        if (scanReferences)
        {
            foreach (string reference in inventory.Datasets.Select(d => d.Manifest?.Reference).OfType<string>().Distinct())
            {
                bool isFolder = root.DirectoryExists(reference);
                if (isFolder || root.FileExists(reference))
                {
                    references[reference] = DatasetScanner.ScanReference(root, listing, reference, isFolder, options, cancellationToken);
                }
            }
        }

        return new WorkspaceScan(listing, datasets, references);
    }

    /// <summary>
    /// The SHA-256 of a file in the checked folder (a manifest, evidence, a reference), or null when
    /// it does not exist. A file that cannot be read, or is no regular file, is GATE107 at the file.
    /// </summary>
    public static string? FileSha256(RepositoryRoot root, string? relativePath)
    {
        if (relativePath is null || !root.FileExists(relativePath))
        {
            return null;
        }

        if (root.LinkLeavingRoot(relativePath, $"the file '{relativePath}'") is { } outside)
        {
            throw new GateInputException(outside); // a file in a reference folder: only the folder's path was checked
        }

        string full = root.ToFullPath(relativePath);
        try
        {
            FileType.EnsureRegular(full);
            using FileStream stream = File.OpenRead(full);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateInputException(InputError.NotReadable(relativePath, ex));
        }
    }

    public static IEnumerable<string> EvidenceOf(LineageManifest manifest) =>
        manifest.Mitigations.Select(m => m.EvidencePath).OfType<string>().Distinct().Order(StringComparer.Ordinal);
}
