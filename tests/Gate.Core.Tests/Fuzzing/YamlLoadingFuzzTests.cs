using Gate.Core.Diagnostics;
using Gate.Core.Manifests;
using Gate.Core.Policy;
using Gate.Core.Repository;
using Gate.Core.Yaml;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>
/// Bounded fuzzing of YAML loading inside the test suite: any outcome but a loaded document or a
/// <see cref="GateInputException"/> is a bug. <c>GATE_FUZZ_ITERATIONS</c> raises the count for long
/// runs (tests/fuzz/run-long.sh); a failure prints the seed that reproduces it.
/// </summary>
public sealed class YamlLoadingFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_ITERATIONS"), out int n) ? n : 2500;
    private static readonly ulong BaseSeed = ulong.TryParse(Environment.GetEnvironmentVariable("GATE_FUZZ_SEED"), out ulong s) ? s : 20250722UL;

    private static IEnumerable<string> Seeds(string pattern) =>
        Directory.EnumerateFiles(Path.GetDirectoryName(ExampleRepositoryTests.Example("owl-numbers"))!, pattern, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Append(pattern == "gate.yaml" ? StarterPolicy.Text : "dataset: x.jsonl\nteachers: [a/b, c/d]\nstudents: e/f\nmitigations:\n  - kind: k\n    evidence: e.json\n");

    [Fact]
    public void Mutated_policies_load_or_fail_with_an_input_error()
    {
        string[] seeds = Seeds("gate.yaml").ToArray();
        Fuzz(seeds, text =>
        {
            var errors = new InputErrorSink();
            PolicyLoader.Parse(YamlTreeReader.Parse(text, "gate.yaml"), "gate.yaml", errors);
            Assert.All(errors.Errors, e => Assert.StartsWith("GATE1", e.Code));
        });
    }

    [Fact]
    public void Mutated_manifests_load_or_fail_with_an_input_error()
    {
        string[] seeds = Seeds("*.lineage.yaml").ToArray();
        string folder = Path.Combine(Path.GetTempPath(), "gate-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        try
        {
            var root = new RepositoryRoot(folder);
            Fuzz(seeds, text =>
            {
                var errors = new InputErrorSink();
                LineageManifest? manifest = ManifestLoader.Load(root, "data/x.lineage.yaml", YamlTreeReader.Parse(text, "data/x.lineage.yaml"), errors);
                Assert.All(errors.Errors, e => Assert.StartsWith("GATE1", e.Code));
                Assert.All(errors.Errors, e => Assert.Equal("data/x.lineage.yaml", e.Location?.File));
                Assert.True(manifest is not null || errors.HasErrors, "a manifest that does not load says why");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Fuzz(string[] seeds, Action<string> load)
    {
        for (int i = 0; i < Iterations; i++)
        {
            ulong seed = BaseSeed + (ulong)i;
            string input = new MutationFuzzer(seed).Mutate(seeds[i % seeds.Length]);
            try
            {
                load(input);
            }
            catch (GateInputException ex)
            {
                Assert.All(ex.Errors, e => Assert.True(e.Location is null || e.Location.Value.Line >= 0));
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed} (GATE_FUZZ_SEED={BaseSeed}, iteration {i}): {ex.GetType().Name}: {ex.Message}\n--- input ---\n{input}");
            }
        }
    }
}
