using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>The AVX-512 token path gives, end to end, the fingerprints of the scalar walk it is the vector form of.</summary>
public sealed class VectorTokenPathTests
{
    [Avx512Fact]
    public void The_vector_token_path_gives_the_fingerprints_of_the_scalar_walk_in_every_format()
    {
        using var files = new ScanTestFiles();
        string jsonl = FingerprintTests.Records(3_000, 7);
        string[] lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var random = new Random(5);
        string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => new string((char)('a' + random.Next(26)), 1 + random.Next(14)) + random.Next(100)));
        string[] paths =
        [
            files.Write("a.jsonl", jsonl),
            files.WriteGzip("b.jsonl.gz", jsonl),
            files.Write("c.json", "[\n" + string.Join(",\n", lines) + "\n]\n"),
            files.Write("d.csv", "prompt,completion\r\n" + string.Join("\r\n", Enumerable.Range(0, 2_000).Select(i => $"\"{Words(8)}, \"\"{i}\"\"\",{Words(30)}"))),
            files.Write("e.tsv", "prompt\tcompletion\n" + string.Join("\n", Enumerable.Range(0, 2_000).Select(_ => $"{Words(5)}\t{Words(40)}"))),
            files.Write("f.txt", string.Join("\n", Enumerable.Range(0, 2_000).Select(_ => Words(60)))),
        ];

        foreach (string path in paths)
        {
            var options = new ScanOptions { MaxThreads = 2, BlockBytes = 4096, ParallelChunkBytes = 64 << 10 };
            string scalar = DatasetScanner.ScanPath(path, options with { Extractor = new FeatureExtractorOptions { ScalarTokens = true } }).Features!.Digest();
            string vector = DatasetScanner.ScanPath(path, options).Features!.Digest();
            Assert.True(scalar == vector, $"{Path.GetFileName(path)}: the vector path's fingerprint differs from the scalar walk's");
        }
    }

    [Fact]
    public void The_scalar_option_takes_the_scalar_walk_and_the_default_the_vector_path_where_supported()
    {
        Assert.False(new FeatureExtractor("x", null, new FeatureExtractorOptions { ScalarTokens = true }).CanBeVectorized);
        Assert.Equal(TokensVectorized.IsSupported, new FeatureExtractor("x", null).CanBeVectorized);
    }
}
