using Gate.Core.Scanning;

namespace Gate.Benchmarks;

/// <summary>Measures the MinHash Jaccard estimate against exact Jaccard on record sets with known overlap.</summary>
internal static class MinHashError
{
    public static void Run()
    {
        Console.WriteLine("| records per set | true Jaccard | mean estimate | mean abs error | max abs error | trials |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (int size in new[] { 1_000, 10_000, 100_000 })
        {
            foreach (double overlap in new[] { 0.0, 0.1, 0.2, 0.5, 0.9 })
            {
                var errors = new List<double>();
                double estimateSum = 0, exact = 0;
                const int Trials = 40;
                for (int t = 0; t < Trials; t++)
                {
                    var random = new Random((size * 31) + (int)(overlap * 1000) + (t * 7919));
                    int shared = (int)(size * overlap);
                    var a = new ContentFeatures();
                    var b = new ContentFeatures();
                    for (int i = 0; i < size; i++)
                    {
                        UInt128 h = Random128(random);
                        a.AddRecordHash(h);
                        if (i < shared)
                        {
                            b.AddRecordHash(h);
                        }
                    }

                    for (int i = shared; i < size; i++)
                    {
                        b.AddRecordHash(Random128(random));
                    }

                    exact = shared / (double)((2 * size) - shared);
                    double estimate = MinHashKernels.Jaccard(a.MinHash, b.MinHash);
                    estimateSum += estimate;
                    errors.Add(Math.Abs(estimate - exact));
                }

                Console.WriteLine($"| {size} | {exact:0.000} | {estimateSum / Trials:0.000} | {errors.Average():0.000} | {errors.Max():0.000} | {Trials} |");
            }
        }
    }

    private static UInt128 Random128(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }
}
