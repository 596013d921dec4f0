using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;

namespace Gate.Core.Tests.Locking;

/// <summary>The lock's <c>models</c> (the Hub's answers) are read as strictly as its datasets: a hand edit that is not a shape Gate writes is GATE112.</summary>
public sealed class LockHubModelsTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static string Lock(string models) => $$"""
        {
          "schema": "gate-lock/1",
          "models": [{{models}}],
          "datasets": []
        }
        """;

    private static string Found(string id, string bases = "[\"Qwen/Qwen2.5-7B\"]", string relation = "\"finetune\"", string revision = "\"" + Sha + "\"") =>
        $$"""{"id": "{{id}}", "status": "found", "revision": {{revision}}, "bases": {{bases}}, "relation": {{relation}}, "renamedTo": null}""";

    [Fact]
    public void What_the_writer_writes_reads_back_the_same()
    {
        var written = new LockFile([])
        {
            Models =
            [
                new LockedHubModel("b/renamed", LockedHubModel.Renamed, null, [], null, "c/new"),
                new LockedHubModel("A/model", LockedHubModel.Found, Sha, ["Qwen/Qwen2.5-7B"], "adapter", null),
                new LockedHubModel("c/new", LockedHubModel.NotFound, null, [], null, null),
            ],
        };
        string text = LockFileWriter.WriteToString(written);
        LockFile read = LockFileReader.Read(Encoding.UTF8.GetBytes(text), "gate.lock.json");
        Assert.Equal(["A/model", "b/renamed", "c/new"], read.Models.Select(m => m.Id));
        Assert.Equal(text, LockFileWriter.WriteToString(read));
        Assert.DoesNotContain("\"models\"", LockFileWriter.WriteToString(new LockFile([])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{0}, {0}", "is recorded twice")]
    [InlineData("{1}, {0}", "not in id order")]
    [InlineData("{2}", "which Gate does not know")]
    [InlineData("{3}", "is not 40 lowercase hex digits")]
    [InlineData("{4}", "does not hold what such an entry holds")]
    [InlineData("{5}", "is not a model id")]
    [InlineData("{6}", "repeat a model or name the model itself")]
    [InlineData("{7}", "not 'found', 'not-found' or 'renamed'")]
    [InlineData("{8}", "does not hold what such an entry holds")]
    [InlineData("{9}", "has no \"renamedTo\"")]
    [InlineData("{10}", "does not hold what such an entry holds")]
    public void A_hand_edited_Hub_answer_is_GATE112(string models, string words)
    {
        string[] entries =
        [
            Found("a/model"),
            Found("b/model"),
            Found("a/model", relation: "\"distilled\""),
            Found("a/model", revision: "\"main\""),
            Found("a/model", revision: "null"),
            Found("a/mo\u212Adel"),
            Found("a/model", bases: "[\"a/model\"]"),
            """{"id": "a/model", "status": "root", "revision": null, "bases": [], "relation": null, "renamedTo": null}""",
            """{"id": "a/model", "status": "not-found", "revision": null, "bases": ["Qwen/Qwen2.5-7B"], "relation": null, "renamedTo": null}""",
            """{"id": "a/model", "status": "found", "revision": null, "bases": [], "relation": null}""",
            """{"id": "a/model", "status": "renamed", "revision": null, "bases": [], "relation": null, "renamedTo": "A/MODEL"}""",
        ];
        string text = Lock(string.Format(System.Globalization.CultureInfo.InvariantCulture, models, entries));
        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => LockFileReader.Read(Encoding.UTF8.GetBytes(text), "gate.lock.json")).Errors);
        Assert.Equal("GATE112", error.Code);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A pull request's diff of the lock stays readable: no line runs to kilobytes, and a dataset's lineage sits right after its digest.</summary>
    [Theory]
    [InlineData("owl-numbers")]
    [InlineData("hub-lineage")]
    public void The_committed_lock_has_short_lines_and_the_lineage_beside_the_digest(string example)
    {
        string[] lines = File.ReadAllLines(Path.Combine(SourceTree.Example(example), "gate.lock.json"));
        Assert.All(lines, line => Assert.True(line.Length < 400, $"a line of {line.Length} characters: {line[..Math.Min(60, line.Length)]}…"));
        int digest = Array.FindIndex(lines, l => l.TrimStart().StartsWith("\"sha256\"", StringComparison.Ordinal));
        Assert.StartsWith("\"lineage\": {", lines[digest + 1].TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_minhash_written_as_one_string_by_an_earlier_gate_reads_as_the_same_signature()
    {
        string text = File.ReadAllText(Path.Combine(SourceTree.Example("owl-numbers"), "gate.lock.json"));
        LockFile now = LockFileReader.Read(Encoding.UTF8.GetBytes(text), "gate.lock.json");
        string minhash = now.Datasets[0].Fingerprint!.MinHash;
        int start = text.IndexOf("\"minhash\": [", StringComparison.Ordinal);
        int end = text.IndexOf(']', start) + 1;
        string legacy = text[..start] + $"\"minhash\": \"{minhash}\"" + text[end..];

        LockFile old = LockFileReader.Read(Encoding.UTF8.GetBytes(legacy), "gate.lock.json");
        Assert.Equal(minhash, old.Datasets[0].Fingerprint!.MinHash);
        Assert.Equal(text, LockFileWriter.WriteToString(old));
    }
}
