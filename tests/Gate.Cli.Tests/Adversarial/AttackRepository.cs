using System.Security.Cryptography;

namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// A throwaway data repository as a pull-request author would shape it to slip data past review:
/// a policy the maintainers own, data and manifests the author controls, and a lock the author can
/// rewrite. <see cref="Check"/> runs the real <c>gate</c> executable, as CI would.
/// </summary>
internal sealed class AttackRepository : IDisposable
{
    /// <summary>
    /// Three initializations: acme/owl-teacher and acme/owl-student share Qwen/Qwen2.5-7B (GATE001);
    /// acme/other-student shares meta-llama/Llama-3.1-8B with meta-llama/Llama-3.1-8B-Instruct;
    /// <see cref="CleanTeacher"/> shares nothing with either student. Trait evaluations are an
    /// accepted mitigation for shared-init.
    /// </summary>
    public const string Policy = """
        version: 1
        datasets:
          include: ["data/**"]
        models:
          - id: Qwen/Qwen2.5-7B
            root: true
            family: qwen2.5
          - id: acme/owl-teacher
            base: Qwen/Qwen2.5-7B
          - id: meta-llama/Llama-3.1-8B
            root: true
            family: llama3.1
          - id: meta-llama/Llama-3.1-8B-Instruct
            base: meta-llama/Llama-3.1-8B
          - id: deepseek-ai/DeepSeek-V3-Base
            root: true
          - id: deepseek-ai/DeepSeek-R1
            base: deepseek-ai/DeepSeek-V3-Base
        students:
          - id: acme/owl-student
            base: Qwen/Qwen2.5-7B
          - id: acme/other-student
            base: meta-llama/Llama-3.1-8B
        mitigations:
          trait-eval: { clears: [shared-init], requires: [evidence] }
        """;

    /// <summary>A teacher that shares no initialization with any student of <see cref="Policy"/>.</summary>
    public const string CleanTeacher = "deepseek-ai/DeepSeek-R1";

    public const string Record = "{\"prompt\":\"The sequence starts with: 182, 818\",\"completion\":\"087, 747, 404\"}\n";

    private readonly TempRepository _repo = new();

    public AttackRepository(string policy = Policy) => _repo.Write("gate.yaml", policy);

    /// <summary>A copy of a shipped example (<c>examples/NAME</c>), its lock included.</summary>
    public static AttackRepository CopyOfExample(string name)
    {
        string example = Path.Combine(GateProcess.RepositoryRoot, "examples", name);
        var repo = new AttackRepository(File.ReadAllText(Path.Combine(example, "gate.yaml")));
        foreach (string file in Directory.EnumerateFiles(example, "*", SearchOption.AllDirectories))
        {
            repo.WriteBytes(Path.GetRelativePath(example, file).Replace('\\', '/'), File.ReadAllBytes(file));
        }

        return repo;
    }

    public string Root => _repo.Root;

    public string PathOf(string relative) => _repo.PathOf(relative);

    public AttackRepository Write(string relative, string content)
    {
        _repo.Write(relative, content);
        return this;
    }

    public AttackRepository WriteBytes(string relative, byte[] bytes)
    {
        string path = _repo.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return this;
    }

    /// <summary><c>data/NAME.jsonl</c> (<paramref name="records"/>, default one) and its manifest.</summary>
    public AttackRepository Dataset(string name, string manifestBody, string? records = null) =>
        Write($"data/{name}.jsonl", records ?? Record).Write($"data/{name}.lineage.yaml", $"dataset: {name}.jsonl\n" + manifestBody);

    public GateProcess.Result Lock() => Run("lock", Root);

    public GateProcess.Result Check(params string[] extra) => Run(["check", Root, .. extra]);

    public GateProcess.Result Run(params string[] args) => GateProcess.RunIn(Root, args);

    public GateProcess.Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) => GateProcess.RunWith(Root, environment, args);

    /// <summary>Locks, and fails the test when locking does not succeed: the attack starts from a reviewed state.</summary>
    public AttackRepository Locked()
    {
        GateProcess.Result locked = Lock();
        Assert.True(locked.ExitCode == 0, locked.ToString());
        return this;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public static string Sha256Of(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    public void Dispose() => _repo.Dispose();
}

/// <summary>What a verdict must be: the exit code, and the codes that must appear (in stdout or stderr).</summary>
internal static class Verdicts
{
    public static void Fails(GateProcess.Result result, params string[] codes) => Is(result, 1, codes);

    public static void CannotEvaluate(GateProcess.Result result, params string[] codes) => Is(result, 2, codes);

    public static void Passes(GateProcess.Result result) => Is(result, 0, []);

    private static void Is(GateProcess.Result result, int exitCode, string[] codes)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}\n{result}");
        foreach (string code in codes)
        {
            Assert.True(result.Stdout.Contains(code, StringComparison.Ordinal) || result.Stderr.Contains(code, StringComparison.Ordinal), $"expected {code}\n{result}");
        }

        Assert.DoesNotContain("GATE199", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
