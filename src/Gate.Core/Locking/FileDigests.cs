using System.Security.Cryptography;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Manifests;
using Gate.Core.Repository;

namespace Gate.Core.Locking;

/// <summary>The digests a lock entry records beside the data's: its manifest's, its evidence's, its reference's.</summary>
internal static class FileDigests
{
    /// <summary>
    /// The SHA-256 of a file in the checked folder (a manifest, evidence, a reference), or null when
    /// it does not exist. A file that cannot be read, or is no regular file, is GATE107 at the file.
    /// A file in Git LFS pointer form is digested as the bytes it holds, not as the oid it names:
    /// no rule reads evidence or a reference that is not here, so taking the oid would let a pull
    /// request replace the content with a pointer to it unseen (GATE006 keeps that visible).
    /// </summary>
    public static string? Sha256(RepositoryRoot root, string? relativePath)
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

    /// <summary>The evidence files a manifest's mitigations name, each once, in path order.</summary>
    public static IEnumerable<string> EvidenceOf(LineageManifest manifest) =>
        manifest.Mitigations.Select(m => m.EvidencePath).OfType<string>().Distinct().Order(StringComparer.Ordinal);
}
