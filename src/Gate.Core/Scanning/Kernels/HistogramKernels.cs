using System.Diagnostics;

namespace Gate.Core.Scanning;

/// <summary>
/// Histogram accumulation: scanners count into small per-block <c>uint</c> tables (cache-friendly
/// scatter increments); the tables are then widened and added into the dataset's 64-bit totals,
/// the step that vectorises.
/// </summary>
internal static partial class HistogramKernels
{
    /// <summary><paramref name="totals"/>[i] += <paramref name="block"/>[i], then clears the block table.</summary>
    public static void AccumulateAndClear(Span<long> totals, Span<uint> block)
    {
        Debug.Assert(totals.Length == block.Length);
        int done = AccumulateVectorized(totals, block);
        AccumulateScalar(totals, block, done);
        block.Clear();
    }

    public static void AccumulateScalar(Span<long> totals, ReadOnlySpan<uint> block, int start = 0)
    {
        for (int i = start; i < totals.Length; i++)
        {
            totals[i] += block[i];
        }
    }
}
