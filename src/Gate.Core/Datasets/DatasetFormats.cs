namespace Gate.Core.Datasets;

/// <summary>The file names that hold data (SPEC §1): a format, optionally compressed.</summary>
public static class DatasetFormats
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
}
