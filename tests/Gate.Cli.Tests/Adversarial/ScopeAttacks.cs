namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 4: scopes that reach too far. Every finding is about its exact (dataset, teacher, student);
/// a waiver matches that; a manifest narrows the policy's students; evidence is a file of its own.
/// </summary>
public sealed class ScopeAttacks
{
    private const string StudentWaiver = """

        waivers:
          - rule: unknown-model
            dataset: data/numbers.jsonl
            student: acme/owl-student
            reason: "the owl student's run is quarantined"
            approved-by: "@acme/safety"
            expires: 2099-12-31
        """;

    [Theory]
    [InlineData("[acme/owl-student, acme/other-student]")]
    [InlineData("[acme/other-student, acme/owl-student]")]
    public void A_waiver_for_one_student_does_not_silence_another_students_finding(string students)
    {
        using var repo = new AttackRepository(AttackRepository.Policy + StudentWaiver);
        repo.Dataset("numbers", $"teacher: nobody/unknown-teacher\nstudents: {students}\n");

        GateProcess.Result result = repo.Locked().Check("--format", "json");
        Verdicts.Fails(result, "GATE004");
        using var report = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("code").GetString() == "GATE004")
            .Select(f => (Student: f.GetProperty("student").GetString(), Waived: f.GetProperty("waived").GetBoolean()))
            .OrderBy(f => f.Student, StringComparer.Ordinal).ToArray();
        Assert.Equal([("acme/other-student", false), ("acme/owl-student", true)], findings);
    }

    /// <summary>
    /// The shipped waived example, and the same repository after a pull request changes the dataset's
    /// teacher and re-locks: the waiver was approved for the owl teacher only.
    /// </summary>
    [Fact]
    public void A_waiver_pinned_to_a_teacher_does_not_cover_a_changed_teacher()
    {
        using var repo = AttackRepository.CopyOfExample("waived");
        Verdicts.Passes(repo.Check());

        string manifest = repo.PathOf("data/owl-research.lineage.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("teacher: acme/owl-teacher", "teacher: Qwen/Qwen2.5-7B-Instruct", StringComparison.Ordinal));
        GateProcess.Result result = repo.Locked().Check();

        Verdicts.Fails(result, "GATE001", "GATE011");
        Assert.Contains("teacher Qwen/Qwen2.5-7B-Instruct and student acme/owl-student share", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_cannot_replace_the_policys_students()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", "teacher: acme/owl-teacher\nstudents: [some-org/unrelated-student]\n");

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE102");
        Assert.Contains("a manifest can narrow the policy's students, not name others", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// A model card in the repository is the pull request's to change. Rewriting the card of the
    /// model a student descends from must not move the student to another initialization: the
    /// students' side resolves through gate.yaml alone.
    /// </summary>
    [Fact]
    public void A_model_card_cannot_decide_a_students_lineage()
    {
        string policy = AttackRepository.Policy.Replace("version: 1\n", "version: 1\nmodel-cards: [\"models/**/README.md\"]\n", StringComparison.Ordinal)
            .Replace("  - id: acme/owl-student\n    base: Qwen/Qwen2.5-7B", "  - id: acme/owl-student\n    base: org/math-7b", StringComparison.Ordinal);
        using var repo = new AttackRepository(policy);
        repo.Write("models/org/math-7b/README.md", "---\nbase_model: meta-llama/Llama-3.1-8B\n---\n");
        repo.Dataset("numbers", "teacher: acme/owl-teacher\nstudents: [acme/owl-student]\n");

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE004");
        Assert.Contains("is described only by a model card", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_may_narrow_the_policys_students()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", "teacher: acme/owl-teacher\nstudents: [acme/other-student]\n");
        Verdicts.Passes(repo.Locked().Check());
    }

    /// <summary>Evidence that is the claim itself, Gate's own files, data, or outside the listing cannot clear shared-init.</summary>
    [Theory]
    [InlineData("numbers.lineage.yaml")]
    [InlineData("../gate.yaml")]
    [InlineData("../gate.lock.json")]
    [InlineData("../.git/HEAD")]
    [InlineData("../evals")]
    public void Evidence_that_is_not_a_file_of_its_own_does_not_clear_a_finding(string evidence)
    {
        using var repo = new AttackRepository();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n").Write("evals/probe.json", "{}\n");
        repo.Dataset("numbers", $"teacher: acme/owl-teacher\nstudents: [acme/owl-student]\nmitigations:\n  - kind: trait-eval\n    evidence: {evidence}\n");

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE001", "GATE009");
        Assert.DoesNotContain("mitigated error GATE001", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A manifest naming its own data as evidence loses the data, which the policy still selects: GATE005.</summary>
    [Fact]
    public void Evidence_that_is_the_dataset_itself_does_not_pass()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", "teacher: acme/owl-teacher\nstudents: [acme/owl-student]\nmitigations:\n  - kind: trait-eval\n    evidence: numbers.jsonl\n");

        Verdicts.Fails(repo.Locked().Check(), "GATE005");
    }

    [Fact]
    public void Evidence_of_its_own_clears_the_finding()
    {
        using var repo = new AttackRepository();
        repo.Write("evals/probe.json", "{}\n");
        repo.Dataset("numbers", "teacher: acme/owl-teacher\nstudents: [acme/owl-student]\nmitigations:\n  - kind: trait-eval\n    evidence: ../evals/probe.json\n");

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Passes(result);
        Assert.Contains("mitigated error GATE001", result.Stdout, StringComparison.Ordinal);
    }
}
