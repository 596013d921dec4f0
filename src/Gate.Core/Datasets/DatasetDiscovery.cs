using Gate.Core.Diagnostics;
using Gate.Core.Manifests;
using Gate.Core.Policy;
using Gate.Core.Repository;

namespace Gate.Core.Datasets;

/// <summary>
/// Decides which datasets are under the gate: every dataset a manifest names, and every data file
/// the policy's <c>datasets:</c> selects that no manifest covers (those lack lineage). Files a
/// manifest names as <c>reference</c> or <c>evidence</c> are never datasets.
/// </summary>
public static class DatasetDiscovery
{
    public const string LockFileName = "gate.lock.json";

    public static DatasetInventory Discover(RepositoryRoot root, IReadOnlyList<string> files, GatePolicy policy, IReadOnlyList<LineageManifest> manifests, InputErrorSink errors)
    {
        var supporting = new HashSet<string>(manifests.SelectMany(m => m.SupportingFiles), StringComparer.Ordinal) { LockFileName };
        bool IsSupporting(string path) =>
            supporting.Contains(path) || supporting.Any(s => path.StartsWith(s + "/", StringComparison.Ordinal));

        var named = new SortedDictionary<string, Dataset>(StringComparer.Ordinal);
        var namingNothing = new List<LineageManifest>();
        foreach (LineageManifest manifest in manifests)
        {
            Dataset[] found = Resolve(root, files, manifest).Where(d => !IsSupporting(d.Path)).ToArray();
            if (found.Length == 0)
            {
                namingNothing.Add(manifest);
            }

            foreach (Dataset dataset in found)
            {
                if (named.TryGetValue(dataset.Path, out Dataset? other))
                {
                    errors.Add(InputErrorKind.ConflictingDeclaration,
                        $"the dataset '{dataset.Path}' is also described by {other.Manifest!.File}; one dataset has one manifest", manifest.Dataset.Location);
                    continue;
                }

                if (!root.IsInsideAfterLinks(dataset.Path))
                {
                    errors.Add(InputErrorKind.PathOutsideRepository,
                        $"the dataset '{dataset.Path}' is a link that leads outside the checked folder; Gate does not follow it", manifest.Dataset.Location);
                    continue;
                }

                named.Add(dataset.Path, dataset);
            }
        }

        string[] folders = named.Values.Where(d => d.IsFolder).Select(d => d.Path + "/").ToArray();
        var all = new SortedDictionary<string, Dataset>(named, StringComparer.Ordinal);
        if (policy.Datasets is { } selection)
        {
            foreach (string file in files)
            {
                if (DatasetFormats.IsDataFile(file)
                    && selection.Selects(file)
                    && !named.ContainsKey(file)
                    && !IsSupporting(file)
                    && !folders.Any(f => file.StartsWith(f, StringComparison.Ordinal)))
                {
                    all.Add(file, new Dataset(file, IsFolder: false, Manifest: null));
                }
            }
        }

        return new DatasetInventory([.. all.Values], namingNothing);
    }

    /// <summary>The datasets a manifest's <c>dataset:</c> names: a file, a folder, or each data file a glob matches.</summary>
    private static IReadOnlyList<Dataset> Resolve(RepositoryRoot root, IReadOnlyList<string> files, LineageManifest manifest)
    {
        string pattern = manifest.DatasetPattern;
        if (!Glob.HasWildcard(pattern))
        {
            if (root.FileExists(pattern))
            {
                return [new Dataset(pattern, IsFolder: false, manifest)];
            }

            return root.DirectoryExists(pattern) && files.Any(f => f.StartsWith(pattern + "/", StringComparison.Ordinal) && DatasetFormats.IsDataFile(f))
                ? [new Dataset(pattern, IsFolder: true, manifest)]
                : [];
        }

        Glob glob = Glob.Parse(pattern);
        return files.Where(f => glob.IsMatch(f) && DatasetFormats.IsDataFile(f))
            .Select(f => new Dataset(f, IsFolder: false, manifest))
            .ToArray();
    }
}
