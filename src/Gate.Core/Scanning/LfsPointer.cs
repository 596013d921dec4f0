using System.Globalization;
using System.Text;

namespace Gate.Core.Scanning;

/// <summary>
/// A Git LFS pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md) standing in
/// for its content: the content's SHA-256 (<c>oid sha256:</c>) and size are known without the data.
/// </summary>
public sealed record LfsPointer(string Sha256, long Size)
{
    public const int MaxPointerSize = 1024;
    private static readonly byte[] Prefix = "version https://git-lfs.github.com/spec/"u8.ToArray();

    public static bool LooksLikePointer(ReadOnlySpan<byte> head) => head.StartsWith(Prefix);

    /// <summary>Parses a pointer; null with <paramref name="problem"/> when it is malformed.</summary>
    public static LfsPointer? Parse(ReadOnlySpan<byte> content, out string? problem)
    {
        string? oid = null;
        long? size = null;
        foreach (string line in Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("oid sha256:", StringComparison.Ordinal))
            {
                oid = line["oid sha256:".Length..].Trim();
            }
            else if (line.StartsWith("size ", StringComparison.Ordinal)
                     && long.TryParse(line["size ".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
            {
                size = parsed;
            }
        }

        if (oid is null || oid.Length != 64 || !oid.All(char.IsAsciiHexDigitLower))
        {
            problem = "the Git LFS pointer has no valid 'oid sha256:' line (64 lowercase hex digits)";
            return null;
        }

        if (size is null)
        {
            problem = "the Git LFS pointer has no valid 'size' line";
            return null;
        }

        problem = null;
        return new LfsPointer(oid, size.Value);
    }
}
