namespace Gate.Core.Datasets;

/// <summary>The file names that hold data (README, "Policy reference"): a format, optionally compressed.</summary>
internal static class DatasetFormats
{
    public static IReadOnlyList<string> Extensions { get; } = [".jsonl", ".json", ".csv", ".tsv", ".txt", ".parquet"];

    public static IReadOnlyList<string> Compressions { get; } = [".gz", ".zst"];

    public static bool IsDataFile(string path) => Extensions.Contains(Split(path).Format);

    /// <summary>
    /// A path's format — its extension in lower case, once a compression suffix is taken off (any
    /// extension, not only a data format's; empty when there is none) — and its compression
    /// (<c>.gz</c>, <c>.zst</c> or null).
    /// </summary>
    public static (string Format, string? Compression) Split(string path)
    {
        string name = path;
        string? compression = null;
        foreach (string suffix in Compressions)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                compression = suffix;
                name = name[..^suffix.Length];
                break;
            }
        }

        return (Path.GetExtension(name).ToLowerInvariant(), compression);
    }

    /// <summary>
    /// The path without the suffixes <see cref="Split"/> finds (the compression, then the format's
    /// extension): <c>v1.2.jsonl</c> → <c>v1.2</c>, <c>A.JSONL.GZ</c> → <c>A</c>, <c>a.jsonl.zst.gz</c> →
    /// <c>a.jsonl</c> (its format is <c>.zst</c>: one compression suffix only), <c>.jsonl</c> → empty.
    /// </summary>
    public static string Stem(string path)
    {
        (string format, string? compression) = Split(path);
        return path[..^(format.Length + (compression?.Length ?? 0))];
    }
}
