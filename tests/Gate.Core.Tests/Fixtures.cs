namespace Gate.Core.Tests;

/// <summary>Policy snippets shared by the tests: the owl-numbers registry of the README's policy reference.</summary>
internal static class Fixtures
{
    /// <summary>Qwen2.5-7B (root, family qwen2.5) → Instruct → acme/owl-teacher; Llama-3.1-8B (root) → Instruct; DeepSeek.</summary>
    public const string Models = """
        models:
          - id: Qwen/Qwen2.5-7B
            root: true
            family: qwen2.5
          - id: Qwen/Qwen2.5-7B-Instruct
            base: Qwen/Qwen2.5-7B
            relation: finetune
          - id: acme/owl-teacher
            base: Qwen/Qwen2.5-7B-Instruct
          - id: meta-llama/Llama-3.1-8B
            root: true
            family: llama3.1
            aliases: [meta-llama/Meta-Llama-3.1-8B]
          - id: meta-llama/Llama-3.1-8B-Instruct
            base: meta-llama/Llama-3.1-8B
          - id: deepseek-ai/DeepSeek-V3-Base
            root: true
            family: deepseek-v3
          - id: deepseek-ai/DeepSeek-R1
            base: deepseek-ai/DeepSeek-V3-Base

        """;

    public const string Students = """
        students:
          - id: acme/owl-student
            base: Qwen/Qwen2.5-7B-Instruct

        """;

    /// <summary>A complete policy: version, datasets under data/**, the registry and the student, plus <paramref name="extra"/>.</summary>
    public static string Policy(string extra = "") =>
        "version: 1\ndatasets:\n  include: [\"data/**\"]\n" + Models + Students + extra;

    /// <summary>A repo whose one dataset (data/d.jsonl) has <paramref name="teacher"/> and the policy's students.</summary>
    public static TestRepo Repo(string teacher, string policyExtra = "", string manifestExtra = "")
    {
        var repo = new TestRepo();
        repo.Policy(Policy(policyExtra));
        repo.Dataset("d", $"teacher: {teacher}\n" + manifestExtra);
        return repo;
    }
}
