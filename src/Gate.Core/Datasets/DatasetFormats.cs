namespace Gate.Core.Datasets;

/// <summary>The file names that hold data (SPEC §1): a format, optionally compressed.</summary>
public static class DatasetFormats
{
    public static IReadOnlyList<string> Extensions { get; } = [".jsonl", ".json", ".csv", ".tsv", ".txt", ".parquet"];

    public static IReadOnlyList<string> Compressions { get; } = [".gz", ".zst"];

    public static bool IsDataFile(string path)
    {
        string name = path;
        foreach (string compression in Compressions)
        {
            if (name.EndsWith(compression, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^compression.Length];
                break;
            }
        }

        return Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }
}
