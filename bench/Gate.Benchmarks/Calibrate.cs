using Gate.Core.Scanning;

namespace Gate.Benchmarks;

/// <summary>Prints the divergence screen's simulated false-positive rate and its power for small shifts of one token.</summary>
internal static class Calibrate
{
    public static void Run(int pairs)
    {
        foreach (int records in new[] { 1_000, 10_000 })
        {
            int positives = DivergenceSimulation.FalsePositives(records, pairs, seed: 20250722);
            Console.WriteLine($"clean-vs-clean, {records} records: {positives}/{pairs} flagged ({100.0 * positives / pairs:0.0}%)");
        }

        Console.WriteLine();
        Console.WriteLine("| records | 0.1% → 0.2% | 0.1% → 0.5% | 0.1% → 1% |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (int records in new[] { 1_000, 10_000, 100_000 })
        {
            int trials = records >= 100_000 ? 20 : 50;
            var cells = new[] { 0.002, 0.005, 0.01 }.Select(target =>
            {
                int hits = DivergenceSimulation.Detections(records, target, trials, seed: 7);
                return $"{100.0 * hits / trials:0}% ({hits}/{trials})";
            });
            Console.WriteLine($"| {records:N0} | {string.Join(" | ", cells)} |");
        }
    }
}
