using Gate.Core.Reports;

namespace Gate.Core.Tests;

/// <summary>Behaviour fixed after review: each test names what used to go wrong.</summary>
public sealed class ReviewRegressionTests
{
    [Fact]
    public void A_student_named_twice_or_by_alias_is_one_pair_and_one_finding()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", manifestExtra: "students: [acme/owl-student, acme/owl-student, ACME/Owl-Student]\n");

        GateReport report = repo.Check();

        Assert.Single(report.Findings, f => f.Rule.Code == "GATE001");
        Assert.Equal(1, report.Summary.Errors);
    }

    [Fact]
    public void Same_family_does_not_claim_separate_initializations_when_a_lineage_is_unresolved()
    {
        using var repo = Fixtures.Repo("acme/vague-teacher");
        // The teacher is declared with a family but neither base nor root.
        repo.Policy(Fixtures.Policy().Replace("models:\n", "models:\n  - id: acme/vague-teacher\n    family: qwen2.5\n"));

        GateReport report = repo.Check();

        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE004");
        Assert.DoesNotContain(report.Findings, f => f.Rule.Code == "GATE003");
    }

    [Theory]
    [InlineData("dataset: d.jsonl\nteacher: \"\"\n", "'teacher' in the lineage manifest is empty")]
    [InlineData("dataset: \"  \"\nteacher: acme/owl-teacher\n", "'dataset' in the lineage manifest is empty")]
    public void Empty_values_are_refused(string manifest, string message)
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy()).Data("data/d.jsonl").Write("data/d.lineage.yaml", manifest);

        var errors = repo.CheckErrors();

        Assert.Contains(errors, e => e.Code == "GATE102" && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_model_id_is_refused()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\nmodels:\n  - id: ''\n    root: true\n");

        Assert.Contains(repo.CheckErrors(), e => e.Code == "GATE102" && e.Location?.Line == 3);
    }
}
