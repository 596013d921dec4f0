using Gate.Core.Diagnostics;
using Gate.Core.Scanning;

namespace Gate.Core.Sharding;

/// <summary>
/// Puts the parts of a sharded lock or check together into the scan one machine would compute:
/// every part from this Gate, for this plan and this number of shards; every shard once; every
/// part exactly its share. Then each dataset's (and reference's) files are combined in its order,
/// as a single scan combines them, so a lock written from them is byte for byte the same and a
/// check's report is the same.
/// </summary>
internal static class ShardMerge
{
    /// <summary>Reads every part at <paramref name="paths"/> and merges them; every problem of every part is reported together (GATE116).</summary>
    public static WorkspaceScan Scan(GateWorkspace workspace, ShardPlan plan, IReadOnlyList<string> paths)
    {
        var errors = new InputErrorSink();
        var parts = new List<(string Display, ShardPart Part)>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                // 'gate lock --merge a.json b.json DIR' reads DIR as a part: say where DIR goes.
                errors.Add(new InputError(InputErrorKind.InvalidArgument, $"'{path}' is a folder, not a part: give the checked folder before --merge (gate lock DIR --merge PART…)", null));
                continue;
            }

            try
            {
                parts.Add((path, ShardPartReader.Read(path, path)));
            }
            catch (GateInputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        errors.ThrowIfAny();
        return Scan(workspace, plan, parts);
    }

    public static WorkspaceScan Scan(GateWorkspace workspace, ShardPlan plan, IReadOnlyList<(string Display, ShardPart Part)> parts)
    {
        var errors = new InputErrorSink();
        if (parts.Count == 0)
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidPart, "--merge was given no part", null));
        }

        int count = parts[0].Part.Shard.Count;
        foreach (var (display, part) in parts)
        {
            if (part.GateVersion != ShardPart.CurrentGateVersion || part.FingerprintVersion != FingerprintVersion.Current)
            {
                errors.Add(Problem(display, $"it was written by Gate {part.GateVersion} (fingerprint version {part.FingerprintVersion}), and this is Gate {ShardPart.CurrentGateVersion} (fingerprint version {FingerprintVersion.Current}); run every shard and the merge with one Gate"));
            }
            else if (part.Purpose != plan.Purpose)
            {
                errors.Add(Problem(display, $"it is a part of a sharded {Name(part.Purpose)}, and this is a {Name(plan.Purpose)}: merge it with 'gate {Name(part.Purpose)} --merge'"));
            }
            else if (part.Plan != plan.Digest)
            {
                errors.Add(Problem(display, "it was written for other datasets, files or policy than this folder holds now (another commit, or a change since); run every shard and the merge on the same commit"));
            }

            if (part.Shard.Count != count)
            {
                errors.Add(Problem(display, $"it is shard {part.Shard} and {parts[0].Display} is shard {parts[0].Part.Shard}: every part of one lock divides it into the same number of shards"));
            }
        }

        errors.ThrowIfAny();
        for (int index = 1; index <= count; index++)
        {
            string[] holders = [.. parts.Where(p => p.Part.Shard.Index == index).Select(p => p.Display)];
            if (holders.Length == 0)
            {
                errors.Add(new InputError(InputErrorKind.InvalidPart, $"no part is shard {index}/{count}: merge all {count} parts of one run", null));
            }
            else if (holders.Length > 1)
            {
                errors.Add(new InputError(InputErrorKind.InvalidPart, $"shard {index}/{count} is given {holders.Length} times ({string.Join(", ", holders)}): merge each part once", null));
            }
        }

        errors.ThrowIfAny();
        var scans = new Dictionary<(string Owner, bool IsReference, string File), PartFile>();
        var datasets = workspace.Inventory.Datasets.ToDictionary(d => d.Path, StringComparer.Ordinal);
        IReadOnlyList<PlannedFile>[] shares = plan.Shares(count); // dealt once, not once per part
        foreach (var (display, part) in parts)
        {
            IReadOnlyList<PlannedFile> share = shares[part.Shard.Index - 1];
            int differs = Enumerable.Range(0, Math.Max(share.Count, part.Files.Count))
                .FirstOrDefault(i => i >= share.Count || i >= part.Files.Count || share[i].Owner != part.Files[i].Owner
                    || share[i].IsReference != part.Files[i].IsReference || share[i].File != part.Files[i].Digest.Path, -1);
            if (differs >= 0)
            {
                string expected = differs < share.Count ? $"'{share[differs].File}'" : "no more files";
                string found = differs < part.Files.Count ? $"'{part.Files[differs].Digest.Path}'" : "no more files";
                errors.Add(Problem(display, $"its files are not shard {part.Shard}'s share: file {differs + 1} of the share is {expected}, and the part holds {found}"));
                continue;
            }

            int resized = Enumerable.Range(0, share.Count).FirstOrDefault(i => share[i].Size != part.Files[i].Digest.Bytes, -1);
            if (resized >= 0)
            {
                errors.Add(Problem(display, $"it says '{share[resized].File}' holds {part.Files[resized].Digest.Bytes} bytes, and here it holds {share[resized].Size}: it was written for other content (another commit, or a change since)"));
                continue;
            }

            if (part.Files.FirstOrDefault(f => !HoldsWhatThePlanKeeps(plan, datasets, f)) is { } lacking)
            {
                errors.Add(Problem(display, $"its scan of '{lacking.Digest.Path}' does not hold the record hashes (or the generators of each record) this check keeps, or holds them where it keeps none"));
                continue;
            }

            foreach (PartFile file in part.Files)
            {
                scans[(file.Owner, file.IsReference, file.Digest.Path)] = file;
            }
        }

        errors.ThrowIfAny();
        ILookup<string, PlannedFile> referenceFiles = plan.Files.Where(f => f.IsReference).ToLookup(f => f.Owner, StringComparer.Ordinal);
        var references = plan.References.Select(r => DatasetScanner.Combine(r, referenceFiles[r].Select(f => Scan(scans[(r, true, f.File)]))));
        // Dense features are made again one file at a time as each dataset combines; those the
        // divergence screen does not read are released at once, as one run releases them.
        string[] generatorFields = WorkspaceScan.GeneratorFields(workspace.Inventory);
        var datasetScans = workspace.Inventory.Datasets.Select(d =>
            WorkspaceScan.Settled(DatasetScanner.Combine(d.Path, d.Files.Select(f => Scan(scans[(d.Path, false, f)]))), d, plan.ScanReferences,
                generatorFields, recordsForRules: plan.Purpose == ShardPurpose.Check));
        return WorkspaceScan.FromFingerprints(workspace.Listing, datasetScans, references);
    }

    private static FileScan Scan(PartFile file) => new(file.Digest, file.Features?.ToFeatures());

    /// <summary>
    /// Record hashes exactly where the plan keeps them (a dataset with a manifest, when GATE007 is on),
    /// with each record's generator exactly where its manifest names a generator field: a part with
    /// fewer would hide records from the overlap test.
    /// </summary>
    private static bool HoldsWhatThePlanKeeps(ShardPlan plan, Dictionary<string, Datasets.Dataset> datasets, PartFile file)
    {
        if (file.Features is not { } features)
        {
            return true; // a Git LFS pointer: no content, no records
        }

        Datasets.Dataset? dataset = file.IsReference ? null : datasets.GetValueOrDefault(file.Owner);
        bool hashes = plan.KeepRecordHashes && dataset?.Manifest is not null;
        bool generators = hashes && dataset!.Manifest!.GeneratorField is not null;
        return (features.RecordHashes is not null) == hashes && (features.RecordGenerators is not null) == generators;
    }

    private static string Name(ShardPurpose purpose) => purpose == ShardPurpose.Lock ? "lock" : "check";

    private static InputError Problem(string display, string message) =>
        new(InputErrorKind.InvalidPart, $"{display} cannot be merged: {message}", SourceLocation.WholeFile(display));
}
