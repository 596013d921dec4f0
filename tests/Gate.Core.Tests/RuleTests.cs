using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests;

public class RuleTests
{
    private static Finding Only(GateReport report, string code)
    {
        Assert.True(report.Findings.Count == 1, string.Join("\n", report.Findings.Select(f => $"{f.Rule.Code} {f.Message}")));
        Finding finding = report.Findings[0];
        Assert.Equal(code, finding.Rule.Code);
        return finding;
    }

    #region GATE001 shared-init

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

    #endregion

    #region GATE002 behavioural-match

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

    #endregion

    #region GATE003 same-family

    private const string SiblingRoots = """
          - {id: openai/gpt-4.1-mini, root: true, family: gpt-4.1}
          - {id: openai/gpt-4.1-nano, root: true, family: gpt-4.1}
          - {id: acme/nano-ft, base: openai/gpt-4.1-nano}

        """;

    [Fact]
    public void Same_family_with_different_roots_is_a_GATE003_warning_not_GATE001()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + SiblingRoots + "students:\n  - id: acme/s\n    base: acme/nano-ft\n");
        repo.Dataset("d", "teacher: openai/gpt-4.1-mini\n");
        GateReport report = repo.Check();
        Finding finding = Only(report, "GATE003");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Null(finding.Shared);
        Assert.Contains("gpt-4.1", finding.Message);
        Assert.Equal(Verdict.Pass, report.Verdict);
        Assert.Equal(1, report.Summary.Warnings);
    }

    [Fact]
    public void Cross_family_gives_no_finding()
    {
        using var repo = Fixtures.Repo("deepseek-ai/DeepSeek-R1");
        GateReport report = repo.Check();
        Assert.Empty(report.Findings);
        Assert.Equal(Verdict.Pass, report.Verdict);
    }

    #endregion

    #region GATE004 unknown-model

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

    #endregion

    #region GATE005 missing-lineage

    [Fact]
    public void A_selected_data_file_without_manifest_is_GATE005()
    {
        using var repo = Fixtures.Repo("deepseek-ai/DeepSeek-R1");
        repo.GzipData("data/sub/orphan.jsonl.gz");

        GateReport report = repo.Check();
        Finding finding = Only(report, "GATE005");
        Assert.Equal("data/sub/orphan.jsonl.gz", finding.Dataset);
        Assert.Equal(new SourceLocation("data/sub/orphan.jsonl.gz", 1, 1), finding.Location);
        Assert.Contains("orphan.lineage.yaml", finding.Message);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    /// <summary>
    /// The suggested manifest strips exactly the suffixes the scanner and discovery read
    /// (<see cref="DatasetFormats.Stem"/>): one compression, then the format. Its own stripping took
    /// off every compression suffix and any last extension.
    /// </summary>
    [Theory]
    [InlineData("data/v1.2.jsonl", "v1.2.lineage.yaml")]
    [InlineData("data/v1.2/train.jsonl", "train.lineage.yaml")]
    [InlineData("data/A.JSONL.GZ", "A.lineage.yaml")]
    [InlineData("data/a.parquet.Zst", "a.lineage.yaml")]
    [InlineData("data/a.b.csv.gz", "a.b.lineage.yaml")]
    [InlineData("data/a.jsonl.zst.gz", "a.jsonl.lineage.yaml")] // was a.lineage.yaml: its format is .zst, not .jsonl
    [InlineData("data/.jsonl.gz", ".jsonl.gz.lineage.yaml")] // was .jsonl.lineage.yaml, the name suggested for data/.jsonl
    [InlineData("data/.jsonl", ".jsonl.lineage.yaml")]
    [InlineData("notes", "notes.lineage.yaml")]
    public void The_suggested_manifest_name_uses_the_shared_suffix_split(string dataset, string manifest)
    {
        Assert.Equal(manifest, MissingLineageRule.SuggestedManifestName(dataset));
    }

    [Fact]
    public void A_dotted_data_file_without_a_stem_gets_a_manifest_name_of_its_own()
    {
        using var repo = Fixtures.Repo("deepseek-ai/DeepSeek-R1");
        repo.GzipData("data/.jsonl.gz");

        Finding finding = Only(repo.Check(), "GATE005");

        Assert.Equal("data/.jsonl.gz", finding.Dataset);
        Assert.Contains("add .jsonl.gz.lineage.yaml beside it", finding.Message);
    }

    [Fact]
    public void Unselected_non_data_excluded_and_supporting_files_need_no_manifest()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy().Replace("include: [\"data/**\"]", "include: [\"data/**\"]\n  exclude: [\"data/raw/**\"]"));
        repo.Dataset("d", "teacher: deepseek-ai/DeepSeek-R1\nreference: ../refs/ref.jsonl\nmitigations:\n  - kind: x\n    evidence: ../evals/e.json\n");
        repo.Data("refs/ref.jsonl").Write("evals/e.json", "{}").Data("data/raw/dump.jsonl").Write("data/raw/notes.md", "x").Data("elsewhere/x.jsonl");
        GateReport report = repo.Check();
        Assert.DoesNotContain(report.Findings, f => f.Rule.Code == "GATE005");
        Assert.Equal(["data/d.jsonl"], report.Datasets.Select(d => d.Path));
    }

    [Fact]
    public void Without_datasets_selection_only_manifest_datasets_are_checked()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + Fixtures.Students);
        repo.Dataset("d", "teacher: deepseek-ai/DeepSeek-R1\n");
        repo.Data("data/orphan.jsonl");
        GateReport report = repo.Check();
        Assert.Empty(report.Findings);
        Assert.Single(report.Datasets);
    }

    [Fact]
    public void A_manifest_naming_nothing_is_GATE005_at_its_dataset_value()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Write("data/gone.lineage.yaml", "teacher: deepseek-ai/DeepSeek-R1\ndataset: gone.jsonl\n");
        Finding finding = Only(repo.Check(), "GATE005");
        Assert.Equal(new SourceLocation("data/gone.lineage.yaml", 2, 10), finding.Location);
        Assert.Contains("gone.jsonl", finding.Message);
    }

    [Fact]
    public void A_glob_matching_nothing_and_an_empty_folder_name_nothing()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        Directory.CreateDirectory(repo.PathOf("data/empty"));
        repo.Write("data/a.lineage.yaml", "dataset: 'nothing/*.jsonl'\nteacher: deepseek-ai/DeepSeek-R1\n");
        repo.Write("data/b.lineage.yaml", "dataset: empty\nteacher: deepseek-ai/DeepSeek-R1\n");
        Assert.Equal(["GATE005", "GATE005"], repo.Check().Findings.Select(f => f.Rule.Code));
    }

    /// <summary>Nothing inside a folder dataset is dropped silently: a file in another format is refused by name.</summary>
    [Fact]
    public void A_folder_dataset_with_a_file_in_another_format_is_GATE113_naming_it()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("data/shards/a.jsonl").Write("data/shards/b.ndjson", "{}\n");
        repo.Write("data/shards.lineage.yaml", "dataset: shards\nteacher: deepseek-ai/DeepSeek-R1\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE113", error.Code);
        Assert.StartsWith("'data/shards/b.ndjson' is not in a format Gate reads", error.Message);
        Assert.Equal(new SourceLocation("data/shards.lineage.yaml", 1, 10), error.Location);
    }

    [Fact]
    public void A_dataset_without_any_student_is_GATE005()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models);
        repo.Dataset("d", "teacher: deepseek-ai/DeepSeek-R1\n");
        Finding finding = Only(repo.Check(), "GATE005");
        Assert.Contains("no student", finding.Message);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 1, 10), finding.Location);
    }

    #endregion

    #region Severities from rules:

    [Theory]
    [InlineData("error", Verdict.Fail, 1, 0, 0)]
    [InlineData("warning", Verdict.Pass, 0, 1, 0)]
    [InlineData("note", Verdict.Pass, 0, 0, 1)]
    public void Rule_severity_comes_from_the_policy(string severity, Verdict verdict, int errors, int warnings, int notes)
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: $"rules:\n  shared-init: {severity}\n");
        GateReport report = repo.Check();
        Finding finding = Only(report, "GATE001");
        Assert.Equal(SeverityNames.Parse(severity), finding.Severity);
        Assert.Equal(verdict, report.Verdict);
        Assert.Equal((errors, warnings, notes), (report.Summary.Errors, report.Summary.Warnings, report.Summary.Notes));
    }

    [Fact]
    public void A_rule_set_to_off_produces_no_finding()
    {
        using var repo = Fixtures.Repo("acme/owl-teacher", policyExtra: "rules:\n  shared-init: off\n");
        GateReport report = repo.Check();
        Assert.Empty(report.Findings);
        Assert.Equal(Verdict.Pass, report.Verdict);
    }

    [Fact]
    public void A_warning_rule_raised_to_error_fails()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + SiblingRoots + "students:\n  - id: acme/s\n    base: acme/nano-ft\nrules:\n  same-family: error\n");
        repo.Dataset("d", "teacher: openai/gpt-4.1-mini\n");
        GateReport report = repo.Check();
        Assert.Equal(Severity.Error, Only(report, "GATE003").Severity);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void Unknown_model_set_to_warning_does_not_fail()
    {
        using var repo = Fixtures.Repo("nobody/knows", policyExtra: "rules:\n  unknown-model: warning\n");
        Assert.Equal(Verdict.Pass, repo.Check().Verdict);
    }

    #endregion

    [Fact]
    public void The_catalog_finds_rules_by_code_and_name()
    {
        Assert.Equal("shared-init", RuleCatalog.Find("gate001")!.Name);
        Assert.Equal("GATE011", RuleCatalog.Find("waiver-unused")!.Code);
        Assert.Equal("GATE008", RuleCatalog.Find("divergence")!.Code);
        Assert.Equal(RuleCatalog.All.Count, RuleCatalog.All.Select(r => r.Code).Distinct().Count());
        Assert.Contains("divergence", RuleCatalog.KnownNames);
    }
}
