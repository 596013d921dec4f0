using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gate.Core.Repository;

namespace Gate.Core.IO;

/// <summary>
/// A digest of everything a check could read, bound to content, never to timestamps: what lets a
/// host (the MSBuild task) skip a check that passed on exactly the same input. It covers every file
/// below the checked folder as <see cref="RepositoryWalk"/> lists it — each path, size and SHA-256
/// of its bytes — the names Gate refuses and the linked folders it does not enter, the policy file
/// (inside or out), the host's settings, and the build of Gate itself. Changing one byte anywhere,
/// under any modification time, changes the digest.
/// </summary>
/// <remarks>
/// Files that are not regular (a pipe, a device) are never opened: their path and kind are digested,
/// and the check itself refuses them if it reads them. A link leading outside the folder is digested
/// by where it leads, not read. Only the caller's own bookkeeping files (its stamps, named by
/// <c>isOwnFile</c>) are left out; a file in another format is covered like any other. SHA-256, not
/// a faster non-cryptographic hash: a cached pass must not be reachable by content crafted to collide.
/// </remarks>
public static class CheckInputsDigest
{
    public static string Compute(string directory, string? policyPath, string settings, Func<string, bool> isOwnFile, CancellationToken cancellationToken = default)
    {
        var root = new RepositoryRoot(directory);
        RepositoryListing listing = root.List(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, $"gate {typeof(CheckInputsDigest).Assembly.ManifestModule.ModuleVersionId:N}\n{settings}\n");
        foreach (UnsafeName name in listing.UnsafeNames)
        {
            Add(hash, $"unsafe {name.Path}\n");
        }

        foreach (UnfollowedLink link in listing.UnfollowedFolders)
        {
            Add(hash, $"unfollowed {link.Path} {link.Reason}\n");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            foreach (string file in listing.Files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string full = root.ToFullPath(file);
                if (isOwnFile(full))
                {
                    continue;
                }

                Add(hash, $"file {file}\n");
                if (!root.IsInsideAfterLinks(file))
                {
                    Add(hash, $"outside {File.ResolveLinkTarget(full, returnFinalTarget: false)?.FullName}\n");
                    continue;
                }

                AddContent(hash, full, buffer);
            }

            if (policyPath is not null)
            {
                Add(hash, $"policy {Path.GetFullPath(policyPath)}\n");
                AddContent(hash, Path.GetFullPath(policyPath), buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The file's own SHA-256 and length as one line of the outer digest, so no content can pose as the lines after it.</summary>
    private static void AddContent(IncrementalHash hash, string full, byte[] buffer)
    {
        if (FileType.NotRegular(full) is { } kind)
        {
            Add(hash, $"kind {kind}\n");
            return;
        }

        try
        {
            using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            long length = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                content.AppendData(buffer, 0, read);
                length += read;
            }

            Add(hash, string.Create(CultureInfo.InvariantCulture, $"sha256 {Convert.ToHexStringLower(content.GetHashAndReset())} bytes {length}\n"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The check reports what it cannot read; here it only has to differ from a readable file.
            Add(hash, $"unreadable {ex.GetType().Name}\n");
        }
    }

    private static void Add(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
