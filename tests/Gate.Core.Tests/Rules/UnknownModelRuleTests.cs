using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>GATE004 unknown-model: Gate fails closed on a lineage it cannot follow.</summary>
public sealed class UnknownModelRuleTests
{
    private static Finding Only(GateReport report, string code) => FindingAssert.Only(report, code);

    [Fact]
    public void A_teacher_missing_from_the_registry_is_GATE004_at_the_teacher()
    {
        using var repo = Fixtures.Repo("nobody/knows");
        GateReport report = repo.Check();
        Finding finding = Only(report, "GATE004");
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 2, 10), finding.Location);
        Assert.Contains("nobody/knows", finding.Message);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void An_entry_with_neither_base_nor_root_is_GATE004_at_the_entry()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy().Replace("models:\n", "models:\n  - id: acme/vague\n    family: acme\n"));
        repo.Dataset("d", "teacher: acme/vague\n");
        Finding finding = Only(repo.Check(), "GATE004");
        Assert.Equal(new SourceLocation("gate.yaml", 5, 9), finding.Location);
        Assert.Contains("neither", finding.Message);
    }

    [Fact]
    public void An_unknown_ancestor_is_GATE004_where_the_base_names_it()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy().Replace("models:\n", "models:\n  - id: acme/t\n    base: lost/base\n"));
        repo.Dataset("d", "teacher: acme/t\n");
        Finding finding = Only(repo.Check(), "GATE004");
        Assert.Equal(new SourceLocation("gate.yaml", 6, 11), finding.Location);
        Assert.Contains("lost/base", finding.Message);
    }

    [Fact]
    public void An_unknown_student_is_GATE004_at_the_student()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("  - id: acme/unknown-student\n"));
        repo.Dataset("d", "teacher: deepseek-ai/DeepSeek-R1\nstudents: [acme/unknown-student]\n");
        Finding finding = Only(repo.Check(), "GATE004");
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 3, 12), finding.Location);
        Assert.Equal("acme/unknown-student", finding.Student);
    }

    /// <summary>A manifest narrows the policy's students; naming a model the policy does not train would choose whom the data is checked against.</summary>
    [Fact]
    public void A_manifest_student_the_policy_does_not_declare_is_GATE102()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Dataset("d", "teacher: acme/owl-teacher\nstudents: [meta-llama/Llama-3.1-8B-Instruct]\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 3, 12), error.Location);
        Assert.Contains("a manifest can narrow the policy's students, not name others", error.Message);
    }

    /// <summary>
    /// One finding per unresolved model and exact (dataset, teacher, student): a waiver scoped to one
    /// student then covers only that student's finding.
    /// </summary>
    [Fact]
    public void An_unknown_model_is_reported_once_per_teacher_and_student()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("  - id: acme/s2\n    base: Qwen/Qwen2.5-7B\n"));
        repo.Dataset("d", "teacher: nobody/knows\n");
        Assert.Equal([("nobody/knows", "acme/owl-student"), ("nobody/knows", "acme/s2")],
            repo.Check().Findings.Select(f => (f.Teacher, f.Student)).Order());
    }

}
