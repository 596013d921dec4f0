using Gate.Core.Diagnostics;
using Gate.Core.Locking;
using Gate.Core.Manifests;
using Gate.Core.Policy;
using Gate.Core.Repository;

namespace Gate.Core.Datasets;

/// <summary>
/// Decides which datasets are under the gate and which files each is made of: every dataset a
/// manifest names, and every data file the policy's <c>datasets:</c> selects that no manifest
/// covers (those lack lineage).
/// </summary>
/// <remarks>
/// Nothing under a dataset is dropped silently. Every file that <c>datasets:</c> selects, that a
/// manifest's glob matches, or that lies inside a folder dataset is read as data, or refused with
/// an error that names it: GATE113 when it is not in a data format, GATE106 when it lies below a
/// linked folder that Gate does not enter. The only files left out are Gate's own (lineage
/// manifests, <c>gate.yaml</c>, <c>gate.lock.json</c>) and those the policy's
/// <c>datasets: exclude</c> names. A file a manifest names as <c>reference</c> or <c>evidence</c>
/// is not taken as a dataset by a manifest's glob; but a file the policy selects stays a dataset
/// whatever a manifest calls it, so a pull request cannot take data out of the gate by naming it
/// as evidence.
/// </remarks>
internal static class DatasetDiscovery
{
    public static DatasetInventory Discover(RepositoryRoot root, RepositoryListing listing, GatePolicy policy, IReadOnlyList<LineageManifest> manifests, InputErrorSink errors)
    {
        var supporting = new HashSet<string>(manifests.SelectMany(m => m.SupportingFiles), StringComparer.Ordinal);
        bool IsGateFile(string path) =>
            path.EndsWith(LineageManifest.Suffix, StringComparison.Ordinal) || path == LockFile.FileName || path == GatePolicy.DefaultFileName || path == policy.File;
        bool IsExcluded(string path) => policy.Datasets?.Exclude.Any(g => g.Value.IsMatch(path)) == true;

        var named = new SortedDictionary<string, Dataset>(StringComparer.Ordinal);
        var namingNothing = new List<LineageManifest>();
        foreach (LineageManifest manifest in manifests)
        {
            Dataset[] found = Resolve(root, listing, manifest, IsGateFile, IsExcluded, supporting, errors);
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

        Dataset[] folders = named.Values.Where(d => d.IsFolder).ToArray();
        var all = new SortedDictionary<string, Dataset>(named, StringComparer.Ordinal);
        if (policy.Datasets is { } selection)
        {
            foreach (string file in listing.Files)
            {
                if (!selection.Selects(file) || named.ContainsKey(file) || IsGateFile(file) || folders.Any(f => f.Covers(file)))
                {
                    continue;
                }

                if (!DatasetFormats.IsDataFile(file))
                {
                    errors.Add(NotData(file, $"'datasets' in {policy.File} selects it ({selection.Include.First(g => g.Value.IsMatch(file)).Value.Pattern})", SourceLocation.WholeFile(file)));
                    continue;
                }

                if (!root.IsInsideAfterLinks(file))
                {
                    errors.Add(InputErrorKind.PathOutsideRepository,
                        $"the selected data file '{file}' is a link that leads outside the checked folder; Gate does not follow it", SourceLocation.WholeFile(file));
                    continue;
                }

                all.Add(file, Dataset.OfFile(file, null));
            }

            // A linked folder Gate does not enter hides what is below it: refuse it wherever 'datasets:' could select something there.
            foreach (UnfollowedLink link in listing.UnfollowedFolders.Where(l => selection.MaySelectBelow(l.Path)))
            {
                errors.Add(InputErrorKind.PathOutsideRepository,
                    $"the folder '{link.Path}' {link.Reason}, and 'datasets' could select data in it; Gate does not enter it: move the data in, or exclude the folder in {policy.File}",
                    selection.Include.First(g => g.Value.MayMatchBelow(link.Path)).Location);
            }
        }

        CheckReferences(root, manifests, all.Values, errors);
        return new DatasetInventory([.. all.Values], namingNothing);
    }

    /// <summary>
    /// A reference is data of its own, apart from the dataset it is compared with: a data file or a
    /// folder (GATE113 otherwise), neither the dataset nor inside it nor holding it (GATE102), since
    /// comparing a dataset with itself would silence the divergence screen.
    /// </summary>
    private static void CheckReferences(RepositoryRoot root, IReadOnlyList<LineageManifest> manifests, IEnumerable<Dataset> datasets, InputErrorSink errors)
    {
        foreach (LineageManifest manifest in manifests)
        {
            if (manifest is not { Reference: { } reference, ReferenceWritten: { } written })
            {
                continue;
            }

            if (root.FileExists(reference) && !DatasetFormats.IsDataFile(reference))
            {
                errors.Add(NotData(reference, $"{manifest.File} names it as its reference", written.Location));
            }

            foreach (Dataset dataset in datasets.Where(d => d.Manifest == manifest))
            {
                if (dataset.Covers(reference) || reference == dataset.Path || dataset.Path.StartsWith(reference + "/", StringComparison.Ordinal))
                {
                    errors.Add(InputErrorKind.InvalidValue,
                        $"the reference '{written.Value}' is the dataset '{dataset.Path}' itself, or holds or lies inside it; a reference is the same prompts answered by the students' base, kept apart from the data",
                        written.Location);
                }
            }
        }
    }

    /// <summary>GATE113 for a file that a dataset covers but that is not in a data format.</summary>
    internal static InputError NotData(string file, string why, SourceLocation at) =>
        new(InputErrorKind.UnsupportedFormat,
            file.EndsWith(".lineage.yml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".lineage.yaml", StringComparison.OrdinalIgnoreCase)
                ? $"'{file}' looks like a lineage manifest, but Gate reads manifests only when they are named NAME{LineageManifest.Suffix}, and {why}: rename it"
                : $"'{file}' is not in a format Gate reads, but {why}: its records would go unchecked; convert it (.jsonl .json .csv .tsv .txt .parquet, optionally .gz or .zst), remove it, or exclude it in gate.yaml's 'datasets: exclude'",
            at);

    /// <summary>
    /// The datasets a manifest's <c>dataset:</c> names: a file, a folder (with its shards), or each
    /// data file a glob matches. What it covers but cannot read goes to <paramref name="errors"/>.
    /// </summary>
    private static Dataset[] Resolve(RepositoryRoot root, RepositoryListing listing, LineageManifest manifest,
        Func<string, bool> isGateFile, Func<string, bool> isExcluded, HashSet<string> supporting, InputErrorSink errors)
    {
        string pattern = manifest.DatasetPattern;
        SourceLocation at = manifest.Dataset.Location;
        if (manifest.DatasetGlob is { } glob)
        {
            foreach (UnfollowedLink link in listing.UnfollowedFolders.Where(l => glob.MayMatchBelow(l.Path)))
            {
                errors.Add(InputErrorKind.PathOutsideRepository,
                    $"the folder '{link.Path}' {link.Reason}, and the dataset glob '{manifest.Dataset.Value}' could match data in it; Gate does not enter it", at);
            }

            var datasets = new List<Dataset>();
            foreach (string file in listing.Files.Where(f => glob.IsMatch(f) && !isGateFile(f) && !supporting.Contains(f)))
            {
                if (DatasetFormats.IsDataFile(file))
                {
                    datasets.Add(Dataset.OfFile(file, manifest));
                }
                else if (!isExcluded(file))
                {
                    errors.Add(NotData(file, $"the dataset glob '{manifest.Dataset.Value}' of {manifest.File} matches it", at));
                }
            }

            return [.. datasets];
        }

        if (listing.UnfollowedAtOrAbove(pattern) is { } above)
        {
            errors.Add(InputErrorKind.PathOutsideRepository,
                $"the dataset '{manifest.Dataset.Value}' lies in the folder '{above.Path}', which {above.Reason}; Gate does not enter it", at);
            return [];
        }

        if (root.FileExists(pattern))
        {
            if (supporting.Contains(pattern))
            {
                return [];
            }

            if (!DatasetFormats.IsDataFile(pattern))
            {
                errors.Add(NotData(pattern, $"{manifest.File} names it as its dataset", at));
                return [];
            }

            return [Dataset.OfFile(pattern, manifest)];
        }

        if (!root.DirectoryExists(pattern))
        {
            return [];
        }

        foreach (UnfollowedLink link in listing.UnfollowedFolders.Where(l => l.Path.StartsWith(pattern + "/", StringComparison.Ordinal)))
        {
            errors.Add(InputErrorKind.PathOutsideRepository,
                $"the folder '{link.Path}' in the dataset folder '{pattern}' {link.Reason}; Gate does not enter it, so its data would go unchecked: move the data in or remove the link", at);
        }

        var shards = new List<string>();
        foreach (string file in listing.FilesUnder(pattern).Where(f => !isGateFile(f) && !isExcluded(f)))
        {
            if (DatasetFormats.IsDataFile(file))
            {
                shards.Add(file);
            }
            else
            {
                errors.Add(NotData(file, $"it lies in the dataset folder '{pattern}' that {manifest.File} names", at));
            }
        }

        return shards.Count == 0 ? [] : [new Dataset(pattern, IsFolder: true, manifest, shards)];
    }
}
