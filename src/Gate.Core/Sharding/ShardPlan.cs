using System.Security.Cryptography;
using System.Text;
using Gate.Core.Datasets;
using Gate.Core.IO;
using Gate.Core.Repository;
using Gate.Core.Scanning;

namespace Gate.Core.Sharding;

/// <summary>
/// What every shard of a sharded lock or check and the job that merges them agree on: every file
/// to scan (each dataset's, in the order a lock reads them; for a check, each reference's too),
/// each weighed by its size, and a digest of everything a file's scan depends on (the purpose, the
/// policy, the datasets and references and their files, the generator fields, whether record
/// hashes are kept, the fingerprint version). Each shard takes a size-balanced share computed from
/// the plan alone, so every machine that sees the same commit computes the same shares.
/// </summary>
internal sealed class ShardPlan
{
    private ShardPlan(ShardPurpose purpose, bool keepRecordHashes, bool scanReferences, IReadOnlyList<string> references, IReadOnlyList<PlannedFile> files, string digest)
    {
        References = references;
        Purpose = purpose;
        KeepRecordHashes = keepRecordHashes;
        ScanReferences = scanReferences;
        Files = files;
        Digest = digest;
    }

    public ShardPurpose Purpose { get; }

    /// <summary>Whether each record's hash is kept for datasets with a manifest (a check with GATE007 on).</summary>
    public bool KeepRecordHashes { get; }

    /// <summary>Whether references are scanned (a check with GATE008 on).</summary>
    public bool ScanReferences { get; }

    /// <summary>The references a check scans (a folder may hold no data file, and is scanned as empty), in order.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Every dataset's files (datasets in path order, each dataset's files in its order), then every reference's.</summary>
    public IReadOnlyList<PlannedFile> Files { get; }

    /// <summary>SHA-256 (hex) of the plan: parts written for another plan are refused.</summary>
    public string Digest { get; }

    /// <summary>The plan of a sharded <c>gate lock</c>: record hashes kept where GATE007 would compare them, for their digest in the lock.</summary>
    public static ShardPlan ForLock(GateWorkspace workspace, string policyFullPath, bool keepRecordHashes) =>
        Of(workspace, policyFullPath, ShardPurpose.Lock, keepRecordHashes, scanReferences: false);

    /// <summary>The plan of a sharded <c>gate check</c>: what its rules read, as one run would scan it.</summary>
    public static ShardPlan ForCheck(GateWorkspace workspace, string policyFullPath, bool keepRecordHashes, bool scanReferences) =>
        Of(workspace, policyFullPath, ShardPurpose.Check, keepRecordHashes, scanReferences);

    /// <summary>The data files of the folder a reference names, or the file; null when it is neither (a missing reference is not scanned).</summary>
    private static IReadOnlyList<string>? ReferenceFiles(GateWorkspace workspace, string reference) =>
        workspace.Root.DirectoryExists(reference) ? [.. workspace.Listing.FilesUnder(reference).Where(DatasetFormats.IsDataFile)]
        : workspace.Root.FileExists(reference) ? [reference]
        : null;

    /// <summary>The references a check scans, each once, in order.</summary>
    private static IEnumerable<string> ReferencesOf(GateWorkspace workspace) =>
        workspace.Inventory.Datasets.Select(d => d.Manifest?.Reference).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>
    /// The files of <paramref name="shard"/>, in plan order. Files are dealt largest first (ties in
    /// plan order) to the shard with the least bytes so far (ties to the lowest number): every
    /// shard's bytes are within the largest file of every other's.
    /// </summary>
    public IReadOnlyList<PlannedFile> Share(Shard shard) => Shares(shard.Count)[shard.Index - 1];

    /// <summary>Every shard's share of <paramref name="count"/>, shard 1 first, dealt once.</summary>
    public IReadOnlyList<PlannedFile>[] Shares(int count)
    {
        int[] owner = Owners(count);
        var shares = Enumerable.Range(0, count).Select(_ => new List<PlannedFile>()).ToArray();
        for (int i = 0; i < Files.Count; i++)
        {
            shares[owner[i]].Add(Files[i]);
        }

        return shares;
    }

    /// <summary>The bytes each shard of <paramref name="count"/> is dealt, shard 1 first.</summary>
    public long[] Loads(int count)
    {
        int[] owner = Owners(count);
        var loads = new long[count];
        for (int i = 0; i < Files.Count; i++)
        {
            loads[owner[i]] += Files[i].Size;
        }

        return loads;
    }

    /// <summary>
    /// A Git LFS pointer weighs what it points to (its declared size), so a shard that fetched only
    /// its own objects plans as one that fetched none.
    /// </summary>
    private static ShardPlan Of(GateWorkspace workspace, string policyFullPath, ShardPurpose purpose, bool keepRecordHashes, bool scanReferences)
    {
        var files = new List<PlannedFile>();
        var text = new StringBuilder();
        text.Append("gate-shard-plan/1\n").Append("purpose ").Append(purpose).Append('\n');
        text.Append("fingerprint ").Append(FingerprintVersion.Current).Append('\n');
        text.Append("record-hashes ").Append(keepRecordHashes).Append('\n').Append("references ").Append(scanReferences).Append('\n');
        text.Append("policy ").Append(PolicyDigest(policyFullPath)).Append('\n');
        foreach (string field in WorkspaceScan.GeneratorFields(workspace.Inventory))
        {
            Field(text, "generator-field", field);
        }

        void Add(string owner, bool isReference, string file)
        {
            long size = PlannedSize(workspace.Root, file);
            files.Add(new PlannedFile(owner, isReference, file, size));
            Field(text, "data", file);
            text.Append("size ").Append(size).Append('\n');
        }

        foreach (Dataset dataset in workspace.Inventory.Datasets)
        {
            Field(text, dataset.IsFolder ? "folder" : "file", dataset.Path);
            Field(text, "generator", dataset.Manifest?.GeneratorField?.Value ?? string.Empty);
            text.Append("manifest ").Append(dataset.Manifest is not null).Append('\n');
            foreach (string file in dataset.Files)
            {
                Add(dataset.Path, isReference: false, file);
            }
        }

        var references = new List<string>();
        if (scanReferences)
        {
            foreach (string reference in ReferencesOf(workspace))
            {
                if (ReferenceFiles(workspace, reference) is not { } referenceFiles)
                {
                    continue; // a missing reference is not scanned; GATE008 says so
                }

                references.Add(reference);
                Field(text, "reference", reference);
                foreach (string file in referenceFiles)
                {
                    Add(reference, isReference: true, file);
                }
            }
        }

        return new ShardPlan(purpose, keepRecordHashes, scanReferences, references, files, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }

    private int[] Owners(int count)
    {
        int[] order = [.. Enumerable.Range(0, Files.Count).OrderByDescending(i => Files[i].Size).ThenBy(i => i)];
        var owner = new int[Files.Count];
        var heap = new PriorityQueue<int, (long Load, int Shard)>();
        for (int s = 0; s < count; s++)
        {
            heap.Enqueue(s, (0, s));
        }

        foreach (int i in order)
        {
            heap.TryDequeue(out int shard, out var load);
            owner[i] = shard;
            heap.Enqueue(shard, (load.Load + Files[i].Size, shard));
        }

        return owner;
    }

    /// <summary>A pointer may declare any size; weighing it at most 1 PiB keeps every shard's total far from overflow.</summary>
    private const long MaxPlannedSize = 1L << 50;

    private static void Field(StringBuilder text, string name, string value) =>
        text.Append(name).Append(' ').Append(value.Length).Append(':').Append(value).Append('\n');

    private static string PolicyDigest(string policyFullPath)
    {
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(policyFullPath)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Diagnostics.GateInputException(Diagnostics.InputError.NotReadable(policyFullPath, ex));
        }
    }

    /// <summary>The file's size, or for a Git LFS pointer the size it declares; 0 when it cannot be read now (its scan says why).</summary>
    private static long PlannedSize(RepositoryRoot root, string file)
    {
        try
        {
            string full = root.ToFullPath(file);
            long length = new FileInfo(full).Length;
            if (length >= LfsPointer.MaxPointerSize)
            {
                return Math.Min(length, MaxPlannedSize);
            }

            FileType.EnsureRegular(full);
            byte[] head = File.ReadAllBytes(full);
            return LfsPointer.LooksLikePointer(head) && LfsPointer.Parse(head, out _) is { } pointer ? Math.Min(pointer.Size, MaxPlannedSize) : length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
