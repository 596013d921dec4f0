namespace Gate.Core.Scanning;

/// <summary>
/// A progress sink that can show how far a scan has come: told the total bytes of the datasets'
/// files before they are read, then each block read (<see cref="IProgress{T}.Report"/>).
/// </summary>
public interface IScanProgress : IProgress<long>
{
    /// <summary>The bytes the scan will read (files as stored); called once, before the first report.</summary>
    void Expect(long totalBytes);
}
