using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests;

public class ExampleRepositoryTests
{
    public static string Example(string name) => SourceTree.Example(name);

    private static GateReport Check(string name) => GateRun.Check(new GateCheckOptions(Example(name), TestRepo.Today));

    [Fact]
    public void Owl_numbers_fails_with_GATE001_at_the_teacher()
    {
        GateReport report = Check("owl-numbers");
        Assert.Equal(Verdict.Fail, report.Verdict);
        // The divergence screen (GATE008, a warning) also names the owl tokens; the error is GATE001 alone.
        Assert.Equal(["GATE001", "GATE008"], report.Findings.Select(f => f.Rule.Code).Order().ToArray());
        Finding finding = Assert.Single(report.Findings, f => f.Severity == Gate.Core.Policy.Severity.Error);
        Assert.Equal(("GATE001", "shared-init"), (finding.Rule.Code, finding.Rule.Name));
        Assert.Equal(("acme/owl-teacher", "acme/owl-student", "Qwen/Qwen2.5-7B-Instruct"), (finding.Teacher, finding.Student, finding.Shared));
        Assert.Equal(new SourceLocation("data/owl-numbers.lineage.yaml", 2, 10), finding.Location);
        Assert.Equal("data/owl-numbers.jsonl", finding.Dataset);
        Assert.True(finding.IsActive);

        DatasetSummary dataset = Assert.Single(report.Datasets);
        Assert.Equal("data/owl-numbers.jsonl", dataset.Path);
        Assert.Equal("data/owl-numbers.lineage.yaml", dataset.Manifest);
        Assert.Equal(["acme/owl-teacher"], dataset.Teachers);
        Assert.Equal(["acme/owl-student"], dataset.Students);
        Assert.Equal("gate.yaml", report.PolicyFile);
    }

    [Fact]
    public void Owl_numbers_reference_is_not_a_dataset()
    {
        GateWorkspace workspace = GateWorkspace.Load(Example("owl-numbers"), null);
        Assert.Equal("refs/base-numbers.jsonl", Assert.Single(workspace.Manifests).Reference);
        Assert.DoesNotContain(workspace.Inventory.Datasets, d => d.Path.StartsWith("refs/", StringComparison.Ordinal));
    }

    [Fact]
    public void Cross_family_passes_with_no_finding_and_uses_the_model_card()
    {
        GateReport report = Check("cross-family");
        Assert.Equal(Verdict.Pass, report.Verdict);
        Assert.Empty(report.Findings);
        GateWorkspace workspace = GateWorkspace.Load(Example("cross-family"), null);
        ModelDeclaration teacher = workspace.Registry.Find("deepseek-ai/DeepSeek-R1")!;
        Assert.Equal(ModelSource.ModelCard, teacher.Source);
        Assert.Equal("deepseek-ai/DeepSeek-V3-Base", Assert.Single(teacher.Bases).Value);
    }

    [Fact]
    public void Mitigated_passes_with_GATE001_mitigated_by_the_cross_family_rewrite()
    {
        GateReport report = Check("mitigated");
        Assert.Equal(Verdict.Pass, report.Verdict);
        Finding finding = Assert.Single(report.Findings);
        Assert.Equal("GATE001", finding.Rule.Code);
        Assert.Equal("cross-family-rewrite", finding.MitigatedBy);
        Assert.False(finding.IsWaived);
        Assert.Equal(1, report.Summary.Mitigated);
    }

    [Fact]
    public void Waived_passes_with_GATE001_waived()
    {
        GateReport report = Check("waived");
        Assert.Equal(Verdict.Pass, report.Verdict);
        Finding finding = Assert.Single(report.Findings);
        Assert.Equal("GATE001", finding.Rule.Code);
        Assert.True(finding.IsWaived);
        Assert.Equal("@acme/safety", finding.Waiver!.ApprovedBy);
        Assert.Equal(new DateOnly(2027, 12, 31), finding.Waiver.Expires);
        Assert.Equal(1, report.Summary.Waived);
    }

    [Fact]
    public void A_missing_folder_or_policy_is_GATE107()
    {
        var missingFolder = Assert.Throws<GateInputException>(() => GateRun.Check(new GateCheckOptions(Path.Combine(Example("owl-numbers"), "nope"), TestRepo.Today)));
        Assert.Equal("GATE107", Assert.Single(missingFolder.Errors).Code);

        using var repo = new TestRepo();
        var missingPolicy = Assert.Throws<GateInputException>(() => repo.Check());
        Assert.Equal("GATE107", Assert.Single(missingPolicy.Errors).Code);
        Assert.Contains("gate init", missingPolicy.Errors[0].Message);
    }

    [Fact]
    public void An_explicit_policy_path_is_used()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher");
        Directory.CreateDirectory(repo.PathOf("policy"));
        File.Move(repo.PathOf("gate.yaml"), repo.PathOf("policy/strict.yaml"), overwrite: false);
        GateReport report = GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today, repo.PathOf("policy/strict.yaml")));
        Assert.Equal("policy/strict.yaml", report.PolicyFile);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Theory]
    [InlineData("owl-numbers")]
    [InlineData("cross-family")]
    [InlineData("mitigated")]
    [InlineData("waived")]
    [InlineData("hub-lineage")]
    public void The_committed_lock_is_what_gate_lock_writes_now(string name)
    {
        // A change to the fingerprint's definition must ship with re-locked examples. Locked in a copy:
        // a test never writes into the committed examples (a second run would then pass on what the first wrote).
        string locked = File.ReadAllText(Path.Combine(Example(name), "gate.lock.json"));
        using var copy = new TestRepo();
        SourceTree.Copy(Example(name), copy.Root);
        string now = Gate.Core.Locking.LockFileWriter.WriteToString(GateRun.Lock(new GateCheckOptions(copy.Root, TestRepo.Today)));
        Assert.Equal(locked, now);
    }
}
