using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;

namespace Gate.Core.Sharding;

/// <summary>Scans one shard's share of a <see cref="ShardPlan"/>: each file with the options one run would scan it with.</summary>
internal static class ShardScan
{
    public static ShardPart Run(GateWorkspace workspace, ShardPlan plan, Shard shard, ScanOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<PlannedFile> share = plan.Share(shard);
        if (options.Progress is IScanProgress progress)
        {
            progress.Expect(share.Sum(f => f.Size));
        }

        string[] generatorFields = WorkspaceScan.GeneratorFields(workspace.Inventory);
        var datasets = workspace.Inventory.Datasets.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var scans = new PartFile?[share.Count];
        var errors = new InputError[share.Count][];
        bool parallel = share.Count > 1 && options.MaxThreads > 1;
        Parallel.For(0, share.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel ? options.MaxThreads : 1, CancellationToken = cancellationToken }, i =>
        {
            PlannedFile file = share[i];
            try
            {
                if (file.IsReference)
                {
                    // A reference is scanned as one run scans it: the run's options, no generator field.
                    bool isFolder = workspace.Root.DirectoryExists(file.Owner);
                    scans[i] = Kept(file, DatasetScanner.ScanFileOf(workspace.Root, file.Owner, isFolder, file.File, options with { MaxThreads = parallel ? 1 : options.MaxThreads }, cancellationToken));
                }
                else
                {
                    Dataset dataset = datasets[file.Owner];
                    ScanOptions forDataset = WorkspaceScan.OptionsFor(dataset, options, generatorFields, plan.KeepRecordHashes) with { MaxThreads = parallel ? 1 : options.MaxThreads };
                    scans[i] = Kept(file, DatasetScanner.ScanFileOf(workspace.Root, dataset.Path, dataset.IsFolder, file.File, forDataset, cancellationToken));
                }
            }
            catch (GateInputException ex)
            {
                errors[i] = [.. ex.Errors];
            }
        });
        if (errors.Any(e => e is not null))
        {
            throw new GateInputException([.. errors.OfType<InputError[]>().SelectMany(e => e)]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ShardPart(ShardPart.CurrentGateVersion, FingerprintVersion.Current, plan.Purpose, plan.Digest, shard,
            [.. scans.Select(s => s!)]);
    }

    /// <summary>What a part keeps of a file's scan: its features in the part's sparse form, the dense counts dropped at once.</summary>
    private static PartFile Kept(PlannedFile file, FileScan scan) =>
        new(file.Owner, file.IsReference, scan.Digest, scan.Features is { } features ? PartFeatures.Of(features) : null);
}
