using Gate.Core.Scanning;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>
/// Property: a record's hash does not depend on the size of the buffer its canonical bytes go
/// through. With a buffer of a few bytes every member is hashed as a stream, and long keys apart
/// from their member; the record-set digest must be the one of the default buffer.
/// </summary>
public sealed class RecordHashBufferPropertyTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_ESCAPE_ITERATIONS"), out int n) ? n : 300;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_records_hash_is_the_same_through_any_buffer(bool escapeKeys)
    {
        using var files = new Scanning.ScanTestFiles();
        var r = new Random(977 + (escapeKeys ? 1 : 0));
        for (int i = 0; i < Iterations; i++)
        {
            var records = Enumerable.Range(0, r.Next(1, 20))
                .Select(_ => r.Next(2) == 0 ? RandomJsonRecords.Record(r, r.NextDouble(), escapeKeys, "gen", maxPieces: r.Next(6) == 0 ? 300 : 12).Escaped : RepeatedKeys(r))
                .ToList();
            string path = files.Write("r.jsonl", string.Join('\n', records) + "\n");
            int buffer = r.Next(1, 40);

            string expected = Digest(path, FeatureExtractorOptions.Default.CanonicalBufferBytes);
            string actual = Digest(path, buffer);

            Assert.True(expected == actual, $"iteration {i}, buffer {buffer}:\n{string.Join('\n', records)}");
        }
    }

    /// <summary>A record with keys written twice, one of them spelled with escapes, and values long and short.</summary>
    private static string RepeatedKeys(Random r)
    {
        string[] keys = ["k", "key\\u0031", "key1", new string('x', r.Next(1, 60)), "\\u0078" + new string('x', r.Next(0, 59))];
        return "{" + string.Join(",", Enumerable.Range(0, r.Next(1, 8)).Select(_ => $"\"{keys[r.Next(keys.Length)]}\":\"{new string('v', r.Next(0, 50))}\\n\"")) + "}";
    }

    private static string Digest(string path, int buffer) =>
        DatasetScanner.ScanPath(path, new ScanOptions { MaxThreads = 1, Extractor = new FeatureExtractorOptions { CanonicalBufferBytes = buffer } }).Features!.RecordSetDigest;
}
