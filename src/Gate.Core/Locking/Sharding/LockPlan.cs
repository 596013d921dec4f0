using System.Security.Cryptography;
using System.Text;
using Gate.Core.Datasets;
using Gate.Core.IO;
using Gate.Core.Repository;
using Gate.Core.Scanning;

namespace Gate.Core.Locking;

/// <summary>
/// What every shard of a sharded lock and the job that merges them agree on: every file of every
/// dataset, in the order a lock reads them, each weighed by its size, and a digest of all that a
/// file's fingerprint depends on (the policy, the datasets and their files, the generator fields,
/// the fingerprint version). Each shard takes a size-balanced share computed from the plan alone,
/// so every machine that sees the same commit computes the same shares.
/// </summary>
internal sealed class LockPlan
{
    private LockPlan(IReadOnlyList<PlannedFile> files, string digest)
    {
        Files = files;
        Digest = digest;
    }

    /// <summary>Every dataset's files, datasets in path order and each dataset's files in its order.</summary>
    public IReadOnlyList<PlannedFile> Files { get; }

    /// <summary>SHA-256 (hex) of the plan: parts written for another plan are refused.</summary>
    public string Digest { get; }

    /// <summary>
    /// The plan of <paramref name="workspace"/>. A Git LFS pointer weighs what it points to (its
    /// declared size), so a shard that fetched only its own objects plans as one that fetched none.
    /// </summary>
    public static LockPlan Of(GateWorkspace workspace, string policyFullPath)
    {
        var files = new List<PlannedFile>();
        var text = new StringBuilder();
        text.Append("gate-lock-plan/1\n").Append("fingerprint ").Append(FingerprintVersion.Current).Append('\n');
        text.Append("policy ").Append(PolicyDigest(policyFullPath)).Append('\n');
        foreach (string field in WorkspaceScan.GeneratorFields(workspace.Inventory))
        {
            Field(text, "generator-field", field);
        }

        foreach (Dataset dataset in workspace.Inventory.Datasets)
        {
            Field(text, dataset.IsFolder ? "folder" : "file", dataset.Path);
            Field(text, "generator", dataset.Manifest?.GeneratorField?.Value ?? string.Empty);
            foreach (string file in dataset.Files)
            {
                long size = PlannedSize(workspace.Root, file);
                files.Add(new PlannedFile(dataset.Path, file, size));
                Field(text, "data", file);
                text.Append("size ").Append(size).Append('\n');
            }
        }

        return new LockPlan(files, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }

    /// <summary>
    /// The files of <paramref name="shard"/>, in plan order. Files are dealt largest first (ties in
    /// plan order) to the shard with the least bytes so far (ties to the lowest number): every
    /// shard's bytes are within the largest file of every other's.
    /// </summary>
    public IReadOnlyList<PlannedFile> Share(LockShard shard)
    {
        int[] owner = Owners(shard.Count);
        return Files.Where((_, i) => owner[i] == shard.Index - 1).ToArray();
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
                return length;
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
