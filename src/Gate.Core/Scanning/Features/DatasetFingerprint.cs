using System.Security.Cryptography;
using System.Text;

namespace Gate.Core.Scanning;

/// <summary>
/// A dataset's fingerprint: its files' digests and, when the content is present (not only Git LFS
/// pointers), its <see cref="ContentFeatures"/>.
/// </summary>
/// <remarks>
/// <see cref="Bytes"/> and <see cref="Sha256"/> are computed once, when the path or files are set
/// (also by <c>with</c>), instead of on every access; they are functions of the path and files, so
/// equality is unchanged. The properties are declared in the parameters' order so that
/// <c>ToString</c> lists them as before.
/// </remarks>
public sealed record DatasetFingerprint(string Path, IReadOnlyList<FileDigest> Files, ContentFeatures? Features)
{
    private readonly string _path = Path;
    private readonly IReadOnlyList<FileDigest> _files = Files;

    public string Path
    {
        get => _path;
        init
        {
            _path = value;
            Sha256 = ContentDigest(value, _files);
        }
    }

    public IReadOnlyList<FileDigest> Files
    {
        get => _files;
        init
        {
            _files = value;
            Bytes = TotalBytes(value);
            Sha256 = ContentDigest(_path, value);
        }
    }

    public ContentFeatures? Features { get; init; } = Features;

    public int Version => FingerprintVersion.Current;

    public long Bytes { get; private init; } = TotalBytes(Files);

    public long? Records => Features?.Records;

    /// <summary>For one file, its SHA-256 (equal to <c>sha256sum</c> and to a Git LFS oid); for a folder, the SHA-256 of its <c>sha256sum</c>-style listing.</summary>
    public string Sha256 { get; private init; } = ContentDigest(Path, Files);

    private static long TotalBytes(IReadOnlyList<FileDigest> files) => files.Sum(f => f.Bytes);

    public static string ContentDigest(string datasetPath, IReadOnlyList<FileDigest> files)
    {
        if (files.Count == 1 && files[0].Path == datasetPath)
        {
            return files[0].Sha256;
        }

        var listing = new StringBuilder();
        foreach (FileDigest file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            string relative = file.Path.StartsWith(datasetPath + "/", StringComparison.Ordinal) ? file.Path[(datasetPath.Length + 1)..] : file.Path;
            listing.Append(file.Sha256).Append("  ").Append(relative).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
    }
}
