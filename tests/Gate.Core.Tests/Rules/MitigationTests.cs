using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

public class MitigationTests
{
    private const string Accepted = """
        mitigations:
          cross-family-rewrite: { clears: [shared-init, behavioural-match], requires: [rewriter] }
          trait-eval:           { clears: [shared-init], requires: [evidence] }

        """;

    private static TestRepo Repo(string mitigations, string teacher = "acme/owl-teacher", string policyExtra = Accepted)
    {
        TestRepo repo = Fixtures.Repo(teacher, policyExtra, "mitigations:\n" + mitigations);
        repo.Write("evals/probe.json", "{}");
        return repo;
    }

    private static string Codes(GateReport report) =>
        string.Join(",", report.Findings.Select(f => f.Rule.Code + (f.IsMitigated ? "(mitigated)" : "")).Order(StringComparer.Ordinal));

    [Fact]
    public void An_accepted_rewrite_clears_shared_init_and_the_finding_stays_marked()
    {
        using var repo = Repo("  - kind: cross-family-rewrite\n    rewriter: meta-llama/Llama-3.1-8B-Instruct\n");
        GateReport report = repo.Check();
        Finding finding = Assert.Single(report.Findings);
        Assert.Equal("GATE001", finding.Rule.Code);
        Assert.Equal("cross-family-rewrite", finding.MitigatedBy);
        Assert.False(finding.IsActive);
        Assert.Equal(Verdict.Pass, report.Verdict);
        Assert.Equal((0, 1), (report.Summary.Errors, report.Summary.Mitigated));
    }

    [Fact]
    public void An_accepted_trait_eval_with_evidence_clears_shared_init()
    {
        using var repo = Repo("  - kind: trait-eval\n    evidence: ../evals/probe.json\n");
        GateReport report = repo.Check();
        Assert.Equal("trait-eval", Assert.Single(report.Findings).MitigatedBy);
        Assert.Equal(Verdict.Pass, report.Verdict);
    }

    [Fact]
    public void A_rewriter_named_by_alias_is_folded()
    {
        using var repo = Repo("  - kind: cross-family-rewrite\n    rewriter: meta-llama/Meta-Llama-3.1-8B\n");
        Assert.Equal(Verdict.Pass, repo.Check().Verdict);
    }

    [Fact]
    public void A_kind_clears_only_its_rules()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models
            + "  - id: acme/distilled\n    base: Qwen/Qwen2.5-7B\n    distilled-from: [deepseek-ai/DeepSeek-R1]\n"
            + Accepted
            + "students:\n  - id: acme/s\n    base: acme/distilled\n");
        repo.Dataset("d", "teacher: deepseek-ai/DeepSeek-R1\nmitigations:\n  - kind: trait-eval\n    evidence: ../evals/probe.json\n");
        repo.Write("evals/probe.json", "{}");
        GateReport report = repo.Check();
        Assert.Equal("GATE002", Codes(report));
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void An_unaccepted_kind_is_GATE009_and_clears_nothing()
    {
        using var repo = Repo("  - kind: llm-judge\n    rewriter: meta-llama/Llama-3.1-8B-Instruct\n");
        GateReport report = repo.Check();
        Assert.Equal("GATE001,GATE009", Codes(report));
        Finding invalid = report.Findings.Single(f => f.Rule.Code == "GATE009");
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 4, 11), invalid.Location);
        Assert.Contains("cross-family-rewrite, trait-eval", invalid.Message);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void A_misspelt_kind_gets_a_suggestion()
    {
        using var repo = Repo("  - kind: trait-evl\n    evidence: ../evals/probe.json\n");
        Assert.Contains("did you mean 'trait-eval'?", repo.Check().Findings.Single(f => f.Rule.Code == "GATE009").Message);
    }

    [Fact]
    public void Without_accepted_kinds_every_claim_is_GATE009()
    {
        using var repo = Repo("  - kind: trait-eval\n    evidence: ../evals/probe.json\n", policyExtra: "");
        GateReport report = repo.Check();
        Assert.Equal("GATE001,GATE009", Codes(report));
        Assert.Contains("accepts none", report.Findings.Single(f => f.Rule.Code == "GATE009").Message);
    }

    [Fact]
    public void A_missing_required_field_is_GATE009_and_clears_nothing()
    {
        using var repo = Repo("  - kind: trait-eval\n    note: forgot the evidence\n");
        GateReport report = repo.Check();
        Assert.Equal("GATE001,GATE009", Codes(report));
        Finding invalid = report.Findings.Single(f => f.Rule.Code == "GATE009");
        Assert.Contains("'evidence'", invalid.Message);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 4, 5), invalid.Location);
    }

    [Fact]
    public void A_missing_evidence_file_is_GATE009_at_the_evidence()
    {
        using var repo = Repo("  - kind: trait-eval\n    evidence: ../evals/missing.json\n");
        GateReport report = repo.Check();
        Assert.Equal("GATE001,GATE009", Codes(report));
        Finding invalid = report.Findings.Single(f => f.Rule.Code == "GATE009");
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 5, 15), invalid.Location);
        Assert.Contains("missing.json", invalid.Message);
    }

    [Fact]
    public void Evidence_that_is_a_folder_is_not_a_file()
    {
        using var repo = Repo("  - kind: trait-eval\n    evidence: ../evals\n");
        Assert.Equal("GATE001,GATE009", Codes(repo.Check()));
    }

    [Fact]
    public void A_rewriter_sharing_the_students_init_is_GATE009_and_does_not_clear()
    {
        // The student merges Qwen and Llama weights: the Llama rewriter shares the student's
        // initialization, though not the teacher's.
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy(Accepted).Replace("acme/owl-student\n    base: Qwen/Qwen2.5-7B-Instruct", "acme/owl-student\n    base: [Qwen/Qwen2.5-7B-Instruct, meta-llama/Llama-3.1-8B]"));
        repo.Dataset("d", "teacher: acme/owl-teacher\nmitigations:\n  - kind: cross-family-rewrite\n    rewriter: meta-llama/Llama-3.1-8B-Instruct\n");
        GateReport report = repo.Check();
        Assert.Equal("GATE001,GATE009", Codes(report));
        Finding invalid = report.Findings.Single(f => f.Rule.Code == "GATE009");
        Assert.Equal("acme/owl-student", invalid.Student);
        Assert.Contains("shares the initialization meta-llama/Llama-3.1-8B with the student", invalid.Message);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 5, 15), invalid.Location);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void A_rewriter_from_the_teachers_and_students_own_lineage_is_GATE009_for_both()
    {
        using var repo = Repo("  - kind: cross-family-rewrite\n    rewriter: Qwen/Qwen2.5-7B-Instruct\n");
        GateReport report = repo.Check();
        Assert.Equal("GATE001,GATE009,GATE009", Codes(report));
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void A_rewriter_of_the_teachers_family_is_GATE009()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy(Accepted).Replace("models:\n", "models:\n  - {id: qwen/other-root, root: true, family: qwen2.5}\n"));
        repo.Dataset("d", "teacher: acme/owl-teacher\nmitigations:\n  - kind: cross-family-rewrite\n    rewriter: qwen/other-root\n");
        GateReport report = repo.Check();
        Assert.Contains("family", report.Findings.Single(f => f.Rule.Code == "GATE009").Message);
        Assert.Null(report.Findings.Single(f => f.Rule.Code == "GATE001").MitigatedBy);
    }

    [Fact]
    public void An_unknown_rewriter_is_GATE004_at_the_rewriter_and_does_not_clear()
    {
        using var repo = Repo("  - kind: cross-family-rewrite\n    rewriter: mystery/rewriter\n");
        GateReport report = repo.Check();
        Assert.Equal("GATE001,GATE004", Codes(report));
        Finding unknown = report.Findings.Single(f => f.Rule.Code == "GATE004");
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 5, 15), unknown.Location);
        Assert.Contains("mystery/rewriter", unknown.Message);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void The_clearing_mitigation_named_is_the_first_by_kind_whatever_the_manifests_order()
    {
        const string TraitEval = "  - kind: trait-eval\n    evidence: ../evals/probe.json\n";
        const string Rewrite = "  - kind: cross-family-rewrite\n    rewriter: meta-llama/Llama-3.1-8B-Instruct\n";
        using var repo = Repo(TraitEval + Rewrite);
        Assert.Equal("cross-family-rewrite", Assert.Single(repo.Check().Findings).MitigatedBy);
        using var reordered = Repo(Rewrite + TraitEval);
        Assert.Equal("cross-family-rewrite", Assert.Single(reordered.Check().Findings).MitigatedBy);
    }

    [Fact]
    public void A_broken_claim_next_to_a_valid_one_still_leaves_the_finding_cleared_but_reported()
    {
        using var repo = Repo("  - kind: trait-eval\n    evidence: ../evals/missing.json\n  - kind: cross-family-rewrite\n    rewriter: meta-llama/Llama-3.1-8B-Instruct\n");
        GateReport report = repo.Check();
        Assert.Equal("GATE001(mitigated),GATE009", Codes(report));
        Assert.Equal("cross-family-rewrite", report.Findings.Single(f => f.Rule.Code == "GATE001").MitigatedBy);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }
}
