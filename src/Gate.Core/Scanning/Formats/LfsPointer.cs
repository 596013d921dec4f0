using System.Globalization;

namespace Gate.Core.Scanning;

/// <summary>
/// A Git LFS pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md) standing in
/// for its content: the content's SHA-256 (<c>oid sha256:</c>) and size are known without the data.
/// </summary>
/// <remarks>
/// Only the exact form the specification defines is a pointer: under 1024 bytes of ASCII, the line
/// <c>version https://git-lfs.github.com/spec/v1</c>, then <c>oid sha256:</c> with 64 lowercase hex
/// digits, then <c>size</c> with a decimal byte count, each line ended by a line feed, and nothing
/// else. A pointer is taken on its word that the real bytes are elsewhere, so anything looser would
/// let a file whose extra lines are real data (which a loader reads and trains on) pass unread. A
/// small file that starts with the version line but is not exactly a pointer is refused (GATE111),
/// never read as a pointer and never silently as data; pointers with extension lines
/// (<c>ext-0-…</c>) are refused too, since their oid is not the SHA-256 of the content.
/// </remarks>
internal sealed record LfsPointer(string Sha256, long Size)
{
    public const int MaxPointerSize = 1024;

    /// <summary>The largest object a pointer may declare (2^50 bytes, 1 PiB): sums of sizes over any repository then stay far from overflow.</summary>
    public const long MaxObjectSize = 1L << 50;
    private const string VersionLine = "version https://git-lfs.github.com/spec/v1";
    private const string OidPrefix = "oid sha256:";
    private const string SizePrefix = "size ";
    private static readonly byte[] Prefix = "version https://git-lfs.github.com/spec/"u8.ToArray();

    /// <summary>Whether a small file claims to be a pointer: it starts with the version key's value prefix.</summary>
    public static bool LooksLikePointer(ReadOnlySpan<byte> head) => head.StartsWith(Prefix);

    /// <summary>Parses a pointer; null with <paramref name="problem"/> when it is not exactly one.</summary>
    public static LfsPointer? Parse(ReadOnlySpan<byte> content, out string? problem)
    {
        problem = Check(content, out string? oid, out long size);
        return problem is null ? new LfsPointer(oid!, size) : null;
    }

    private static string? Check(ReadOnlySpan<byte> content, out string? oid, out long size)
    {
        oid = null;
        size = 0;
        if (content.Length >= MaxPointerSize)
        {
            return "a Git LFS pointer is smaller than 1024 bytes";
        }

        foreach (byte b in content)
        {
            if (b is > 0x7E || (b < 0x20 && b != (byte)'\n'))
            {
                return "a Git LFS pointer holds only printable ASCII and line feeds";
            }
        }

        string text = System.Text.Encoding.ASCII.GetString(content);
        if (!text.EndsWith('\n'))
        {
            return "a Git LFS pointer ends with a line feed";
        }

        string[] lines = text[..^1].Split('\n');
        if (lines[0] != VersionLine)
        {
            return $"the first line of a Git LFS pointer is exactly '{VersionLine}'";
        }

        if (lines.Skip(1).Any(l => l.StartsWith("ext-", StringComparison.Ordinal)))
        {
            return "Git LFS pointers with extensions are not supported: their oid is not the SHA-256 of the content; fetch the content (git lfs pull) before running Gate";
        }

        if (lines.Length != 3)
        {
            return "a Git LFS pointer has exactly three lines, 'version', 'oid' and 'size', and nothing else";
        }

        if (!lines[1].StartsWith(OidPrefix, StringComparison.Ordinal)
            || lines[1].Length != OidPrefix.Length + 64
            || lines[1].AsSpan(OidPrefix.Length).ContainsAnyExcept("0123456789abcdef"))
        {
            return "the second line of a Git LFS pointer is 'oid sha256:' and 64 lowercase hex digits";
        }

        string digits = lines[2].StartsWith(SizePrefix, StringComparison.Ordinal) ? lines[2][SizePrefix.Length..] : string.Empty;
        if (digits.Length is 0 or > 19 || (digits.Length > 1 && digits[0] == '0')
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            return "the third line of a Git LFS pointer is 'size' and a decimal byte count";
        }

        if (size > MaxObjectSize)
        {
            return "the Git LFS pointer declares an object of more than 1 PiB, which no Git LFS store holds";
        }

        oid = lines[1][OidPrefix.Length..];
        return null;
    }
}
