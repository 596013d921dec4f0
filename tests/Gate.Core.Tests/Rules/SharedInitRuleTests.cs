using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>GATE001 shared-init: a teacher and a student share an initialization.</summary>
public sealed class SharedInitRuleTests
{
    private static Finding Only(GateReport report, string code) => FindingAssert.Only(report, code);

    [Fact]
    public void Shared_init_fires_with_the_nearest_shared_ancestor_at_the_teacher()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher");
        GateReport report = repo.Check();
        Finding finding = Only(report, "GATE001");
        Assert.Equal("shared-init", finding.Rule.Name);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("data/d.jsonl", finding.Dataset);
        Assert.Equal(("acme/owl-teacher", "acme/owl-student", "Qwen/Qwen2.5-7B-Instruct"), (finding.Teacher, finding.Student, finding.Shared));
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 2, 10), finding.Location);
        Assert.Contains("Qwen/Qwen2.5-7B-Instruct", finding.Message);
        Assert.True(finding.IsActive);
        Assert.Equal(Verdict.Fail, report.Verdict);
        Assert.Equal(1, report.Summary.Errors);
    }

    [Fact]
    public void Shared_init_fires_when_the_teacher_is_the_students_base_itself()
    {
        using var repo = Fixtures.Repo("Qwen/Qwen2.5-7B-Instruct");
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", Only(repo.Check(), "GATE001").Shared);
    }

    [Fact]
    public void Shared_init_folds_a_teacher_named_by_its_alias()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("""
            students:
              - id: acme/llama-student
                base: meta-llama/Llama-3.1-8B-Instruct
            """).Replace(Fixtures.Students, ""));
        repo.Dataset("d", "teacher: meta-llama/Meta-Llama-3.1-8B\n");
        Finding finding = Only(repo.Check(), "GATE001");
        Assert.Equal("meta-llama/Llama-3.1-8B", finding.Teacher);
        Assert.Equal("meta-llama/Llama-3.1-8B", finding.Shared);
    }

    [Fact]
    public void Shared_init_reports_each_teacher_and_student_pair()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("  - id: acme/llama-student\n    base: meta-llama/Llama-3.1-8B\n"));
        repo.Dataset("d", "teachers: [acme/owl-teacher, meta-llama/Llama-3.1-8B-Instruct]\n");
        GateReport report = repo.Check();
        Assert.Equal(
            ["acme/owl-teacher>acme/owl-student", "meta-llama/Llama-3.1-8B-Instruct>acme/llama-student"],
            report.Findings.Where(f => f.Rule.Code == "GATE001").Select(f => $"{f.Teacher}>{f.Student}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Manifest_students_narrow_the_policy_students()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("  - id: acme/llama-student\n    base: meta-llama/Llama-3.1-8B\n"));
        repo.Dataset("d", "teacher: acme/owl-teacher\nstudents: [acme/llama-student]\n");
        GateReport report = repo.Check();
        Assert.Empty(report.Findings);
        Assert.Equal(["acme/llama-student"], Assert.Single(report.Datasets).Students);
    }

    [Fact]
    public void A_student_named_twice_or_by_alias_is_one_pair_and_one_finding()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", manifestExtra: "students: [acme/owl-student, acme/owl-student, ACME/Owl-Student]\n");

        GateReport report = repo.Check();

        Assert.Single(report.Findings, f => f.Rule.Code == "GATE001");
        Assert.Equal(1, report.Summary.Errors);
    }
}
