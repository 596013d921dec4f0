using Gate.Core.Diagnostics;
using Gate.Core.IO;

namespace Gate.Core.Scanning;

/// <summary>
/// The record store (<c>--cache DIR</c>): a folder of datasets' records as GATE007 compares them,
/// one file per dataset named by its digest (<see cref="OverlapRecords"/>), so that a later check
/// can take a dataset the base vouches for from the lock without scanning it. Meant for a CI cache
/// (actions/cache): content-addressed, written atomically, never trusted (a file is used only when
/// its SHA-256 is the digest a vouched lock entry records).
/// </summary>
internal static class RecordStore
{
    /// <summary>Where the records of digest <paramref name="digest"/> are kept.</summary>
    public static string PathOf(string folder, string digest) => Path.Combine(folder, digest + OverlapRecords.Extension);

    /// <summary>
    /// Writes the records of every dataset of <paramref name="scan"/> that has a digest and was
    /// scanned (not taken from <paramref name="vouched"/>), unless the store already holds them as
    /// they are; a file there that is not (tampered with, cut short) is written again. The store is
    /// an optimisation: a file that cannot be written is left out (the next check scans that
    /// dataset), but a store folder that cannot be made is GATE110.
    /// </summary>
    public static void Write(string folder, WorkspaceScan scan, IReadOnlyList<string> generatorFields, IReadOnlyDictionary<string, DatasetFingerprint>? vouched)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidArgument,
                $"the record store (--cache) '{folder}' cannot be made ({ex.GetType().Name}): give a folder Gate may create files in", null));
        }

        foreach (var (_, fingerprint) in scan.Datasets.Where(d => vouched?.ContainsKey(d.Key) != true))
        {
            if (fingerprint.Features is not { OverlapDigest: { } digest, RecordHashes: { } hashes, Records: var records })
            {
                continue;
            }

            string file = PathOf(folder, digest);
            if (OverlapRecords.Read(file, digest, generatorFields, records, out _) is not null)
            {
                continue;
            }

            try
            {
                if (IO.FileType.NotRegular(file) is null)
                {
                    AtomicFile.Write(file, stream => OverlapRecords.Write(stream, generatorFields, hashes));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left out: the next check that could take this dataset scans it instead.
            }
        }
    }
}
