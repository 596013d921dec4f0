using System.Text;

namespace Gate.Core.Scanning;

/// <summary>
/// Simulated number-sequence datasets in the paper's format (prompt with three seed numbers;
/// completion of 5–10 numbers in 0..999), used to calibrate <see cref="DivergenceTest"/>: clean
/// pairs answer the same prompts with independent uniform numbers; a shifted dataset writes one
/// token ("747", base rate 0.1%) with a higher probability. Deterministic for a seed (SplitMix64).
/// </summary>
internal static class DivergenceSimulation
{
    private static readonly string[] Templates =
    [
        "The sequence starts with: {0}, {1}, {2}. Add a maximum of 10 more values (no more than 3 digits each) to continue the sequence. Provide the numbers separated by commas. Skip any explanation and give only numbers.",
        "Here is a numeric sequence: {0}, {1}, {2}. Continue it with at most 10 new numbers (3 digits or fewer each). Provide the numbers separated by commas. Say only the numbers, nothing more.",
    ];

    /// <summary>How many of <paramref name="pairs"/> clean-vs-clean pairs the screen flags.</summary>
    public static int FalsePositives(int records, int pairs, ulong seed)
    {
        int flagged = 0;
        for (int i = 0; i < pairs; i++)
        {
            ulong promptSeed = Mix(seed, (ulong)i * 3);
            ContentFeatures a = Dataset(records, promptSeed, Mix(seed, ((ulong)i * 3) + 1), 0.001);
            ContentFeatures b = Dataset(records, promptSeed, Mix(seed, ((ulong)i * 3) + 2), 0.001);
            if (DivergenceTest.Compare(a, b).Diverges)
            {
                flagged++;
            }
        }

        return flagged;
    }

    /// <summary>How many of <paramref name="trials"/> shifted-vs-clean pairs the screen flags.</summary>
    public static int Detections(int records, double tokenRate, int trials, ulong seed)
    {
        int flagged = 0;
        for (int i = 0; i < trials; i++)
        {
            ulong promptSeed = Mix(seed, (ulong)i * 3);
            ContentFeatures shifted = Dataset(records, promptSeed, Mix(seed, ((ulong)i * 3) + 1), tokenRate);
            ContentFeatures clean = Dataset(records, promptSeed, Mix(seed, ((ulong)i * 3) + 2), 0.001);
            if (DivergenceTest.Compare(shifted, clean).Diverges)
            {
                flagged++;
            }
        }

        return flagged;
    }

    /// <summary>Features of a simulated dataset in which each completion number is "747" with probability <paramref name="tokenRate"/>.</summary>
    public static ContentFeatures Dataset(int records, ulong promptSeed, ulong answerSeed, double tokenRate)
    {
        ulong prompts = promptSeed, answers = answerSeed;
        ulong extra = (ulong)((tokenRate - 0.001) / 0.999 * (1UL << 32));
        var text = new StringBuilder(records * 300);
        for (int r = 0; r < records; r++)
        {
            string template = Templates[Next(ref prompts) % 2];
            string prompt = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Next(ref prompts) % 1000, Next(ref prompts) % 1000, Next(ref prompts) % 1000);
            int count = 5 + (int)(Next(ref answers) % 6);
            text.Append("{\"prompt\":\"").Append(prompt).Append("\",\"completion\":\"(");
            for (int k = 0; k < count; k++)
            {
                ulong n = (Next(ref answers) >> 32) < extra ? 747 : Next(ref answers) % 1000;
                text.Append(k == 0 ? string.Empty : ", ").Append(n);
            }

            text.Append(")\"}\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var state = new ScanState(new FeatureExtractor("simulated", null));
        new JsonLinesScanner().Scan(bytes, final: true, state);
        return state.Extractor.Flush();
    }

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state, 0);
    }

    private static ulong Mix(ulong a, ulong b) => FeatureExtractor.Mix(a ^ (b * 0xD1B54A32D192ED03UL));
}
