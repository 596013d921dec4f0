using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>GATE002 behavioural-match: distillation makes two lineages behave alike.</summary>
public sealed class BehaviouralMatchRuleTests
{
    private static Finding Only(GateReport report, string code) => FindingAssert.Only(report, code);

    private const string DistillModels = """
          - id: deepseek-ai/DeepSeek-R1-Zero
            base: deepseek-ai/DeepSeek-V3-Base
          - id: acme/distilled-from-r1-zero
            base: Qwen/Qwen2.5-7B
            distilled-from: [deepseek-ai/DeepSeek-R1-Zero]
          - id: acme/distilled-from-llama
            base: Qwen/Qwen2.5-7B
            distilled-from: [meta-llama/Llama-3.1-8B-Instruct]

        """;

    private static TestRepo DistillRepo(string studentBase, string teacher = "deepseek-ai/DeepSeek-R1")
    {
        var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + DistillModels + $"students:\n  - id: acme/s\n    base: {studentBase}\n");
        repo.Dataset("d", $"teacher: {teacher}\n");
        return repo;
    }

    [Fact]
    public void Behavioural_match_fires_when_a_student_ancestor_was_distilled_from_a_model_sharing_the_teachers_init()
    {
        using var repo = DistillRepo("acme/distilled-from-r1-zero");
        Finding finding = Only(repo.Check(), "GATE002");
        Assert.Equal("deepseek-ai/DeepSeek-V3-Base", finding.Shared);
        Assert.Equal(("deepseek-ai/DeepSeek-R1", "acme/s"), (finding.Teacher, finding.Student));
        Assert.Contains("acme/distilled-from-r1-zero", finding.Message);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 2, 10), finding.Location);
    }

    [Fact]
    public void Behavioural_match_fires_when_the_student_itself_was_distilled_from_the_teacher()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + "students:\n  - id: acme/s\n    base: Qwen/Qwen2.5-7B\n    distilled-from: [deepseek-ai/DeepSeek-R1]\n");
        repo.Dataset("d", "teacher: deepseek-ai/DeepSeek-R1\n");
        Assert.Equal("deepseek-ai/DeepSeek-R1", Only(repo.Check(), "GATE002").Shared);
    }

    [Fact]
    public void Behavioural_match_does_not_fire_for_distillation_from_an_unrelated_model()
    {
        using var repo = DistillRepo("acme/distilled-from-llama");
        Assert.Empty(repo.Check().Findings);
    }

    [Fact]
    public void Behavioural_match_is_silent_when_shared_init_already_fires()
    {
        using var repo = DistillRepo("acme/distilled-from-r1-zero", teacher: "Qwen/Qwen2.5-7B");
        Assert.Equal("GATE001", Only(repo.Check(), "GATE001").Rule.Code);
    }

    [Fact]
    public void Behavioural_match_from_an_unknown_distillation_source_is_GATE004()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + "students:\n  - id: acme/s\n    base: Qwen/Qwen2.5-7B\n    distilled-from: [mystery/teacher]\n");
        repo.Dataset("d", "teacher: deepseek-ai/DeepSeek-R1\n");
        Finding finding = Only(repo.Check(), "GATE004");
        Assert.Contains("mystery/teacher", finding.Message);
        Assert.Equal(new SourceLocation("gate.yaml", 25, 22), finding.Location);
    }

}
