using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

public class WaiverTests
{
    private static string Waiver(string rule = "shared-init", string dataset = "data/d.jsonl", string? student = null, string expires = "2026-12-31", string? teacher = null) =>
        "waivers:\n"
        + $"  - rule: {rule}\n"
        + $"    dataset: {dataset}\n"
        + (teacher is null ? "" : $"    teacher: {teacher}\n")
        + (student is null ? "" : $"    student: {student}\n")
        + "    reason: \"research run, quarantined cluster\"\n"
        + "    approved-by: \"@acme/safety\"\n"
        + $"    expires: {expires}\n";

    private static int WaiverLine(TestRepo repo) =>
        Array.IndexOf(File.ReadAllLines(repo.PathOf("gate.yaml")), "waivers:") + 2;

    [Fact]
    public void A_matching_waiver_marks_the_finding_waived_and_the_verdict_passes()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver());
        GateReport report = repo.Check();
        Finding finding = Assert.Single(report.Findings);
        Assert.Equal("GATE001", finding.Rule.Code);
        Assert.True(finding.IsWaived);
        Assert.False(finding.IsActive);
        Assert.Equal("research run, quarantined cluster", finding.Waiver!.Reason);
        Assert.Equal("@acme/safety", finding.Waiver.ApprovedBy);
        Assert.Equal(new DateOnly(2026, 12, 31), finding.Waiver.Expires);
        Assert.Equal(new SourceLocation("gate.yaml", WaiverLine(repo), 5), finding.Waiver.Location);
        Assert.Equal(Verdict.Pass, report.Verdict);
        Assert.Equal((0, 1), (report.Summary.Errors, report.Summary.Waived));
    }

    [Fact]
    public void A_waiver_is_valid_on_its_expiry_date()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver());
        Assert.Equal(Verdict.Pass, repo.Check(today: new DateOnly(2026, 12, 31)).Verdict);
    }

    [Fact]
    public void An_expired_waiver_is_GATE010_and_the_finding_counts_again()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver());
        GateReport report = repo.Check(today: new DateOnly(2027, 1, 1));
        Assert.Equal(["GATE001", "GATE010"], report.Findings.Select(f => f.Rule.Code).Order());
        Finding expired = report.Findings.Single(f => f.Rule.Code == "GATE010");
        Assert.Equal(Severity.Error, expired.Severity);
        Assert.Contains("2026-12-31", expired.Message);
        Assert.Contains("2027-01-01", expired.Message);
        Assert.Equal(new SourceLocation("gate.yaml", WaiverLine(repo) + 4, 14), expired.Location);
        Assert.True(report.Findings.Single(f => f.Rule.Code == "GATE001").IsActive);
        Assert.Equal(Verdict.Fail, report.Verdict);
        Assert.Equal(2, report.Summary.Errors);
    }

    [Fact]
    public void An_expired_waiver_with_waiver_expired_off_still_stops_waiving()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver() + "rules:\n  waiver-expired: off\n");
        GateReport report = repo.Check(today: new DateOnly(2027, 1, 1));
        Finding finding = Assert.Single(report.Findings);
        Assert.Equal("GATE001", finding.Rule.Code);
        Assert.True(finding.IsActive);
    }

    [Fact]
    public void An_unused_waiver_is_a_GATE011_warning()
    {
        using var repo = Fixtures.Repo("deepseek-ai/DeepSeek-R1", policyExtra: Waiver());
        GateReport report = repo.Check();
        Finding unused = Assert.Single(report.Findings);
        Assert.Equal("GATE011", unused.Rule.Code);
        Assert.Equal(Severity.Warning, unused.Severity);
        Assert.Equal(new SourceLocation("gate.yaml", WaiverLine(repo), 5), unused.Location);
        Assert.Equal(Verdict.Pass, report.Verdict);
    }

    [Fact]
    public void A_waiver_for_another_rule_does_not_match()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver(rule: "behavioural-match"));
        GateReport report = repo.Check();
        Assert.Equal(["GATE001", "GATE011"], report.Findings.Select(f => f.Rule.Code).Order());
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Theory]
    [InlineData("GATE001")]
    [InlineData("gate001")]
    public void A_waiver_may_name_its_rule_by_code(string rule)
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver(rule: rule));
        Assert.True(Assert.Single(repo.Check().Findings).IsWaived);
    }

    [Theory]
    [InlineData("Shared-Init")]
    [InlineData("SHARED-INIT")]
    public void A_waiver_naming_its_rule_in_another_case_waives_it(string rule)
    {
        // The loader accepts a rule name in any case; the waiver must then waive that rule,
        // not load fine and be reported unused (GATE011).
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver(rule: rule));
        GateReport report = repo.Check();
        Finding finding = Assert.Single(report.Findings);
        Assert.Equal("GATE001", finding.Rule.Code);
        Assert.True(finding.IsWaived);
        Assert.Equal(Verdict.Pass, report.Verdict);
    }

    [Fact]
    public void An_unused_waiver_names_its_rule_as_written()
    {
        using var repo = Fixtures.Repo("deepseek-ai/DeepSeek-R1", policyExtra: Waiver(rule: "Shared-Init"));
        Finding unused = Assert.Single(repo.Check().Findings);
        Assert.Equal("GATE011", unused.Rule.Code);
        Assert.StartsWith("the waiver of Shared-Init for ", unused.Message);
    }

    [Theory]
    [InlineData("'data/**'", true)]
    [InlineData("'data/*.jsonl'", true)]
    [InlineData("'data/other.jsonl'", false)]
    [InlineData("'d.jsonl'", false)]
    public void The_waiver_dataset_is_a_glob_relative_to_the_policy(string glob, bool matches)
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver(dataset: glob));
        Finding shared = repo.Check().Findings.Single(f => f.Rule.Code == "GATE001");
        Assert.Equal(matches, shared.IsWaived);
    }

    [Fact]
    public void A_waiver_with_a_student_matches_only_that_student()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("  - id: acme/owl-student-2\n    base: Qwen/Qwen2.5-7B\n" + Waiver(student: "acme/owl-student")));
        repo.Dataset("d", "teacher: acme/owl-teacher\n");
        GateReport report = repo.Check();
        Assert.Equal(
            ["acme/owl-student-2:active", "acme/owl-student:waived"],
            report.Findings.Select(f => $"{f.Student}:{(f.IsWaived ? "waived" : "active")}").Order(StringComparer.Ordinal));
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void A_waiver_for_another_student_matches_nothing()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: Waiver(student: "acme/someone-else"));
        GateReport report = repo.Check();
        Assert.Equal(["GATE001", "GATE011"], report.Findings.Select(f => f.Rule.Code).Order());
        Assert.Contains("acme/someone-else", report.Findings.Single(f => f.Rule.Code == "GATE011").Message);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    /// <summary>
    /// A waiver approved for one teacher does not follow the dataset to another: a pull request that
    /// changes the manifest's teacher brings a finding the approver never saw.
    /// </summary>
    [Theory]
    [InlineData("acme/owl-teacher", true)]
    [InlineData("ACME/Owl-Teacher", true)]
    [InlineData("Qwen/Qwen2.5-7B-Instruct", false)]
    public void A_waiver_with_a_teacher_matches_only_that_teacher(string teacher, bool waived)
    {
        using var repo = Fixtures.Repo(teacher, policyExtra: Waiver(teacher: "acme/owl-teacher"));
        GateReport report = repo.Check();

        Assert.Equal(waived, Assert.Single(report.Findings, f => f.Rule.Code == "GATE001").IsWaived);
        Assert.Equal(waived ? Verdict.Pass : Verdict.Fail, report.Verdict);
        if (!waived)
        {
            Assert.Contains("the waiver of shared-init for 'data/d.jsonl', teacher acme/owl-teacher matched no finding", Assert.Single(report.Findings, f => f.Rule.Code == "GATE011").Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_waiver_student_named_by_alias_matches()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy().Replace(Fixtures.Students, "students:\n  - id: acme/llama-student\n    base: meta-llama/Llama-3.1-8B\n    aliases: [acme/old-llama-student]\n")
            + Waiver(student: "acme/old-llama-student"));
        repo.Dataset("d", "teacher: meta-llama/Llama-3.1-8B-Instruct\n");
        Assert.True(Assert.Single(repo.Check().Findings).IsWaived);
    }

    [Fact]
    public void A_waiver_does_not_cover_a_mitigated_finding_and_then_is_unused()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher",
            policyExtra: "mitigations:\n  trait-eval: { clears: [shared-init], requires: [evidence] }\n" + Waiver(),
            manifestExtra: "mitigations:\n  - kind: trait-eval\n    evidence: ../evals/e.json\n");
        repo.Write("evals/e.json", "{}");
        GateReport report = repo.Check();
        Finding shared = report.Findings.Single(f => f.Rule.Code == "GATE001");
        Assert.Equal("trait-eval", shared.MitigatedBy);
        Assert.False(shared.IsWaived);
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE011");
    }

    [Fact]
    public void Two_waivers_for_one_finding_name_the_one_that_expires_first_whatever_their_order()
    {
        string second = Waiver().Replace("waivers:\n", "").Replace("research run", "second").Replace("2026-12-31", "2027-06-30");
        string first = Waiver().Replace("waivers:\n", "");
        foreach (string waivers in new[] { "waivers:\n" + first + second, "waivers:\n" + second + first })
        {
            using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: waivers);
            GateReport report = repo.Check();
            Finding shared = report.Findings.Single(f => f.Rule.Code == "GATE001");
            Assert.StartsWith("research run", shared.Waiver!.Reason);
            Assert.Equal(Verdict.Pass, report.Verdict);
        }
    }

    [Fact]
    public void The_shipped_waived_example_expires_after_2027_12_31()
    {
        string dir = ExampleRepositoryTests.Example("waived");
        GateReport before = GateRun.Check(new GateCheckOptions(dir, new DateOnly(2027, 12, 31)));
        GateReport after = GateRun.Check(new GateCheckOptions(dir, new DateOnly(2028, 1, 1)));
        Assert.Equal(Verdict.Pass, before.Verdict);
        Assert.Equal(Verdict.Fail, after.Verdict);
        Assert.Equal(["GATE001", "GATE010"], after.Findings.Select(f => f.Rule.Code).Order());
    }
}
