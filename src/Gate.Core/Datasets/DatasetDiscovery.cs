using Gate.Core.Diagnostics;
using Gate.Core.Locking;
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
    public static DatasetInventory Discover(RepositoryRoot root, RepositoryListing listing, GatePolicy policy, IReadOnlyList<LineageManifest> manifests, InputErrorSink errors)
    {
        IReadOnlyList<string> files = listing.Files;
        var supporting = new HashSet<string>(manifests.SelectMany(m => m.SupportingFiles), StringComparer.Ordinal) { LockFile.FileName };
        bool IsSupporting(string path) =>
            supporting.Contains(path) || supporting.Any(s => path.StartsWith(s + "/", StringComparison.Ordinal));

        var named = new SortedDictionary<string, Dataset>(StringComparer.Ordinal);
        var namingNothing = new List<LineageManifest>();
        foreach (LineageManifest manifest in manifests)
        {
            Dataset[] found = Resolve(root, listing, manifest).Where(d => !IsSupporting(d.Path)).ToArray();
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
                    if (!root.IsInsideAfterLinks(file))
                    {
                        errors.Add(InputErrorKind.PathOutsideRepository,
                            $"the selected data file '{file}' is a link that leads outside the checked folder; Gate does not follow it", SourceLocation.WholeFile(file));
                        continue;
                    }

                    all.Add(file, new Dataset(file, IsFolder: false, Manifest: null));
                }
            }

            // A linked folder is not entered; if data under it would be selected and it leads
            // outside, the gate cannot see that data: refuse rather than pass it silently.
            foreach (string folder in listing.LinkedFolders.Where(f => MaySelectBelow(selection, f) && !root.IsInsideAfterLinks(f)))
            {
                errors.Add(InputErrorKind.PathOutsideRepository,
                    $"the folder '{folder}' is a link that leads outside the checked folder, and 'datasets:' would select data in it; Gate does not follow it — move the data in or exclude the folder",
                    selection.Include.FirstOrDefault(g => MaySelectBelow(g.Value, folder))?.Location ?? SourceLocation.WholeFile(folder));
            }
        }

        return new DatasetInventory([.. all.Values], namingNothing);
    }

    private static bool MaySelectBelow(DatasetSelection selection, string folder) =>
        selection.Include.Any(g => MaySelectBelow(g.Value, folder)) && !selection.Exclude.Any(g => g.Value.IsMatch(folder + "/x") && g.Value.IsMatch(folder + "/x/x"));

    /// <summary>Whether the glob selects some data file directly in the folder or one level below.</summary>
    private static bool MaySelectBelow(Glob glob, string folder) =>
        DatasetFormats.Extensions.Any(e => glob.IsMatch($"{folder}/x{e}") || glob.IsMatch($"{folder}/x/x{e}"));

    /// <summary>The datasets a manifest's <c>dataset:</c> names: a file, a folder, or each data file a glob matches.</summary>
    private static IReadOnlyList<Dataset> Resolve(RepositoryRoot root, RepositoryListing listing, LineageManifest manifest)
    {
        string pattern = manifest.DatasetPattern;
        if (manifest.DatasetGlob is not { } glob)
        {
            if (root.FileExists(pattern))
            {
                return [new Dataset(pattern, IsFolder: false, manifest)];
            }

            return root.DirectoryExists(pattern) && listing.FilesUnder(pattern).Any(DatasetFormats.IsDataFile)
                ? [new Dataset(pattern, IsFolder: true, manifest)]
                : [];
        }

        return listing.Files.Where(f => glob.IsMatch(f) && DatasetFormats.IsDataFile(f))
            .Select(f => new Dataset(f, IsFolder: false, manifest))
            .ToArray();
    }
}
