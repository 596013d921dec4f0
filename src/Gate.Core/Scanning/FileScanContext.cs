namespace Gate.Core.Scanning;

/// <summary>
/// What every stage of one file's scan needs: the path to name in errors, the format, the scan's
/// options and its cancellation. One object, handed down, instead of the same parameters threaded
/// through every call.
/// </summary>
internal sealed record FileScanContext(string DisplayPath, string Format, ScanOptions Options, CancellationToken CancellationToken)
{
    /// <summary>A fresh scanner for the format (scanners keep state, such as a CSV header, so each stream gets its own).</summary>
    public RecordScanner NewScanner() => RecordScanner.For(Format);

    /// <summary>A fresh scan state with its own feature extractor.</summary>
    public ScanState NewState() => new(new FeatureExtractor(DisplayPath, Options.GeneratorField, Options.Extractor));
}
