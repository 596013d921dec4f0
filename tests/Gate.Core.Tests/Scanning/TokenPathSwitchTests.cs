using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>
/// Tests that switch the process-wide token path (<c>FeatureExtractor.UseVectorizedTokens</c>): they
/// run alone, so no other test runs the scalar walk by accident meanwhile.
/// </summary>
[CollectionDefinition(nameof(TokenPathSwitch), DisableParallelization = true)]
public sealed class TokenPathSwitch;

[Collection(nameof(TokenPathSwitch))]
public sealed class TokenPathSwitchTests
{
    [Fact]
    public void The_vector_token_path_gives_the_fingerprints_of_the_scalar_walk_in_every_format()
    {
        if (!TokensVectorized.IsSupported)
        {
            return; // no AVX-512 here: the scalar walk is what runs
        }

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
            FeatureExtractor.UseVectorizedTokens = false;
            string scalar;
            try
            {
                scalar = ScanTestFiles.Scan(path, threads: 2, block: 4096, chunk: 64 << 10).Features!.Digest();
            }
            finally
            {
                FeatureExtractor.UseVectorizedTokens = true;
            }

            string vector = ScanTestFiles.Scan(path, threads: 2, block: 4096, chunk: 64 << 10).Features!.Digest();
            Assert.True(scalar == vector, $"{Path.GetFileName(path)}: the vector path's fingerprint differs from the scalar walk's");
        }
    }
}
