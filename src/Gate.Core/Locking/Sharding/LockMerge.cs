using Gate.Core.Diagnostics;
using Gate.Core.Scanning;

namespace Gate.Core.Locking;

/// <summary>
/// Puts the parts of a sharded lock together into the fingerprints one machine would compute:
/// every part from this Gate, for this plan and this number of shards; every shard once; every
/// part exactly its share. Then each dataset's files are combined in the dataset's order, as a
/// single scan combines them, so the lock written from them is byte for byte the same.
/// </summary>
internal static class LockMerge
{
    /// <summary>Reads every part at <paramref name="paths"/> and merges them; every problem of every part is reported together (GATE116).</summary>
    public static WorkspaceScan Scan(GateWorkspace workspace, LockPlan plan, IReadOnlyList<string> paths)
    {
        var errors = new InputErrorSink();
        var parts = new List<(string Display, LockPart Part)>();
        foreach (string path in paths)
        {
            try
            {
                parts.Add((path, LockPartReader.Read(path, path)));
            }
            catch (GateInputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        errors.ThrowIfAny();
        return Scan(workspace, plan, parts);
    }

    public static WorkspaceScan Scan(GateWorkspace workspace, LockPlan plan, IReadOnlyList<(string Display, LockPart Part)> parts)
    {
        var errors = new InputErrorSink();
        if (parts.Count == 0)
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidLockPart, "'gate lock --merge' was given no part", null));
        }

        int count = parts[0].Part.Shard.Count;
        foreach (var (display, part) in parts)
        {
            if (part.GateVersion != LockPart.CurrentGateVersion || part.FingerprintVersion != FingerprintVersion.Current)
            {
                errors.Add(Problem(display, $"it was written by Gate {part.GateVersion} (fingerprint version {part.FingerprintVersion}), and this is Gate {LockPart.CurrentGateVersion} (fingerprint version {FingerprintVersion.Current}); run every shard and the merge with one Gate"));
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
                errors.Add(new InputError(InputErrorKind.InvalidLockPart, $"no part is shard {index}/{count}: merge all {count} parts of one run", null));
            }
            else if (holders.Length > 1)
            {
                errors.Add(new InputError(InputErrorKind.InvalidLockPart, $"shard {index}/{count} is given {holders.Length} times ({string.Join(", ", holders)}): merge each part once", null));
            }
        }

        errors.ThrowIfAny();
        var scans = new Dictionary<(string Dataset, string File), FileScan>();
        foreach (var (display, part) in parts)
        {
            IReadOnlyList<PlannedFile> share = plan.Share(part.Shard);
            int differs = Enumerable.Range(0, Math.Max(share.Count, part.Files.Count))
                .FirstOrDefault(i => i >= share.Count || i >= part.Files.Count || share[i].Dataset != part.Files[i].Dataset || share[i].File != part.Files[i].Scan.Digest.Path, -1);
            if (differs >= 0)
            {
                string expected = differs < share.Count ? $"'{share[differs].File}'" : "no more files";
                string found = differs < part.Files.Count ? $"'{part.Files[differs].Scan.Digest.Path}'" : "no more files";
                errors.Add(Problem(display, $"its files are not shard {part.Shard}'s share: file {differs + 1} of the share is {expected}, and the part holds {found}"));
                continue;
            }

            foreach (PartFile file in part.Files)
            {
                scans[(file.Dataset, file.Scan.Digest.Path)] = file.Scan;
            }
        }

        errors.ThrowIfAny();
        return WorkspaceScan.FromFingerprints(
            workspace.Listing,
            workspace.Inventory.Datasets.Select(d => DatasetScanner.Combine(d.Path, [.. d.Files.Select(f => scans[(d.Path, f)])])));
    }

    private static InputError Problem(string display, string message) =>
        new(InputErrorKind.InvalidLockPart, $"{display} cannot be merged: {message}", SourceLocation.WholeFile(display));
}
