using Gate.Core.Diagnostics;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Manifests;

public class ManifestLoaderTests
{
    private static TestRepo RepoWithManifest(string manifest, string name = "d")
    {
        var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data($"data/{name}.jsonl");
        repo.Write($"data/{name}.lineage.yaml", manifest);
        return repo;
    }

    [Fact]
    public void A_valid_manifest_is_read_with_locations()
    {
        using var repo = RepoWithManifest("""
            dataset: d.jsonl
            teachers: [acme/owl-teacher, deepseek-ai/DeepSeek-R1]
            students: acme/owl-student
            generator-field: generator
            generation:
              temperature: 1.0
            mitigations:
              - kind: trait-eval
                evidence: ../evals/probe.json
                note: anything goes here
            """);
        repo.Write("evals/probe.json", "{}");
        LineageManifest manifest = Assert.Single(repo.Load().Manifests);
        Assert.Equal("data/d.lineage.yaml", manifest.File);
        Assert.Equal("data/d.jsonl", manifest.DatasetPattern);
        Assert.Equal(["acme/owl-teacher", "deepseek-ai/DeepSeek-R1"], manifest.Teachers.Select(t => t.Value));
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 2, 12), manifest.Teachers[0].Location);
        Assert.Equal(["acme/owl-student"], manifest.Students!.Select(s => s.Value));
        MitigationClaim claim = Assert.Single(manifest.Mitigations);
        Assert.Equal("evals/probe.json", claim.EvidencePath);
        Assert.Equal("anything goes here", claim.Field("note")!.Value);
        Assert.Equal(["evals/probe.json"], manifest.SupportingFiles);
    }

    [Fact]
    public void Without_students_the_manifest_means_every_policy_student()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\n");
        Assert.Null(Assert.Single(repo.Load().Manifests).Students);
    }

    [Fact]
    public void A_misspelt_teacher_key_is_GATE101_suggesting_teacher_at_its_exact_position()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nstudents: [acme/owl-student]\n  # comment\nteachr: acme/owl-teacher\n");
        IReadOnlyList<InputError> errors = repo.CheckErrors();
        InputError typo = Assert.Single(errors, e => e.Code == "GATE101");
        Assert.Contains("'teachr'", typo.Message);
        Assert.Contains("did you mean 'teacher'?", typo.Message);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 4, 1), typo.Location);
        // …and the missing teacher is reported in the same run.
        Assert.Contains(errors, e => e.Code == "GATE103" && e.Message.Contains("teacher"));
    }

    [Fact]
    public void A_misspelt_key_in_a_nested_position_keeps_its_column()
    {
        using var repo = RepoWithManifest("{dataset: d.jsonl, teacher: acme/owl-teacher, studnets: [x]}\n");
        InputError typo = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE101", typo.Code);
        Assert.Contains("did you mean 'students'?", typo.Message);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 1, 47), typo.Location);
    }

    [Fact]
    public void A_list_as_teacher_is_GATE102()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: [a, b]\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 2, 10), error.Location);
    }

    [Fact]
    public void Teacher_and_teachers_together_are_GATE102()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: a\nteachers: [b]\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(3, error.Location!.Value.Line);
    }

    [Fact]
    public void Missing_dataset_and_teacher_are_both_GATE103()
    {
        using var repo = RepoWithManifest("students: [acme/owl-student]\n");
        IReadOnlyList<InputError> errors = repo.CheckErrors();
        Assert.Equal(["GATE103", "GATE103"], errors.Select(e => e.Code));
    }

    [Fact]
    public void An_empty_manifest_is_GATE103()
    {
        using var repo = RepoWithManifest("# nothing yet\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE103", error.Code);
        Assert.Equal(SourceLocation.WholeFile("data/d.lineage.yaml"), error.Location);
    }

    [Fact]
    public void An_empty_students_list_is_GATE103()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\nstudents: []\n");
        Assert.Equal("GATE103", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void Generation_must_be_a_mapping()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\ngeneration: lots\n");
        Assert.Equal("GATE102", Assert.Single(repo.CheckErrors()).Code);
    }

    [Theory]
    [InlineData("x/{a")]
    [InlineData("'{d,e.jsonl'")]
    [InlineData("'*/{a,{b}.jsonl'")]
    public void An_unbalanced_dataset_glob_is_GATE102_at_its_line(string glob)
    {
        // As in gate.yaml: a mistake in the file, with its place, not an internal error (GATE199).
        using var repo = RepoWithManifest($"teacher: acme/owl-teacher\ndataset: {glob}\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 2, 10), error.Location);
        Assert.Contains("unbalanced '{'", error.Message);
    }

    [Fact]
    public void A_mitigation_without_kind_is_GATE103()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\nmitigations:\n  - rewriter: x\n");
        Assert.Equal("GATE103", Assert.Single(repo.CheckErrors()).Code);
    }

    [Theory]
    [InlineData("../../outside.jsonl")]
    [InlineData("../../../etc/passwd")]
    [InlineData("sub/../../../x.jsonl")]
    public void A_dataset_path_climbing_out_is_GATE106(string path)
    {
        using var repo = RepoWithManifest($"dataset: {path}\nteacher: acme/owl-teacher\n");
        // Both the manifest's path and the selected file are refused; each points at a place to fix.
        var errors = repo.CheckErrors();
        Assert.All(errors, e => Assert.Equal("GATE106", e.Code));
        Assert.Contains(errors, e => e.Location == new SourceLocation("data/d.lineage.yaml", 1, 10));
    }

    [Fact]
    public void Dot_dot_inside_the_folder_is_fine()
    {
        using var repo = RepoWithManifest("dataset: ../data/./d.jsonl\nteacher: acme/owl-teacher\n");
        Assert.Equal("data/d.jsonl", Assert.Single(repo.Load().Manifests).DatasetPattern);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/tmp/x.jsonl")]
    [InlineData("C:/data/x.jsonl")]
    [InlineData("'C:\\data\\x.jsonl'")]
    [InlineData("'\\\\server\\share\\x.jsonl'")]
    public void Absolute_dataset_paths_are_GATE106(string path)
    {
        using var repo = RepoWithManifest($"dataset: {path}\nteacher: acme/owl-teacher\n");
        Assert.Equal("GATE106", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void A_dataset_that_is_a_symlink_to_outside_is_GATE106()
    {
        using var outside = new TestRepo();
        outside.Data("secret.jsonl");
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        Directory.CreateDirectory(repo.PathOf("data"));
        File.CreateSymbolicLink(repo.PathOf("data/d.jsonl"), outside.PathOf("secret.jsonl"));
        repo.Write("data/d.lineage.yaml", "dataset: d.jsonl\nteacher: acme/owl-teacher\n");
        // Both the manifest's path and the selected file are refused; each points at a place to fix.
        var errors = repo.CheckErrors();
        Assert.All(errors, e => Assert.Equal("GATE106", e.Code));
        Assert.Contains(errors, e => e.Location == new SourceLocation("data/d.lineage.yaml", 1, 10));
    }

    [Fact]
    public void A_dataset_inside_a_symlinked_folder_leading_outside_is_GATE106()
    {
        using var outside = new TestRepo();
        outside.Data("shards/a.jsonl");
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        Directory.CreateDirectory(repo.PathOf("data"));
        Directory.CreateSymbolicLink(repo.PathOf("data/linked"), outside.PathOf("shards"));
        repo.Write("data/d.lineage.yaml", "dataset: linked/a.jsonl\nteacher: acme/owl-teacher\n");
        var errors = repo.CheckErrors();
        Assert.All(errors, e => Assert.Equal("GATE106", e.Code));
        Assert.Contains(errors, e => e.Location?.File == "data/d.lineage.yaml");
    }

    [Fact]
    public void A_symlink_inside_the_folder_is_fine()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("store/real.jsonl");
        Directory.CreateDirectory(repo.PathOf("data"));
        File.CreateSymbolicLink(repo.PathOf("data/d.jsonl"), repo.PathOf("store/real.jsonl"));
        repo.Write("data/d.lineage.yaml", "dataset: d.jsonl\nteacher: acme/owl-teacher\nstudents: [acme/owl-student]\n");
        Assert.Contains(repo.Check().Findings, f => f.Rule.Code == "GATE001");
    }

    [Fact]
    public void A_manifest_that_is_a_symlink_to_outside_is_GATE106()
    {
        using var outside = new TestRepo();
        outside.Write("m.lineage.yaml", "dataset: d.jsonl\nteacher: acme/owl-teacher\n");
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("data/d.jsonl");
        File.CreateSymbolicLink(repo.PathOf("data/d.lineage.yaml"), outside.PathOf("m.lineage.yaml"));
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE106", error.Code);
        Assert.Equal(SourceLocation.WholeFile("data/d.lineage.yaml"), error.Location);
    }

    [Fact]
    public void A_missing_reference_file_is_GATE107_at_the_reference()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\nreference: ../refs/base.jsonl\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE107", error.Code);
        Assert.Equal(new SourceLocation("data/d.lineage.yaml", 3, 12), error.Location);
    }

    [Fact]
    public void A_reference_outside_the_folder_is_GATE106()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\nreference: ../../base.jsonl\n");
        Assert.Equal("GATE106", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void An_evidence_path_outside_the_folder_is_GATE106()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\nmitigations:\n  - kind: trait-eval\n    evidence: /etc/passwd\n");
        Assert.Equal("GATE106", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void A_dataset_claimed_by_two_manifests_is_GATE109()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteacher: acme/owl-teacher\n");
        repo.Write("data/other.lineage.yaml", "teacher: deepseek-ai/DeepSeek-R1\ndataset: '*.jsonl'\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE109", error.Code);
        Assert.Contains("data/d.jsonl", error.Message);
        Assert.Equal(new SourceLocation("data/other.lineage.yaml", 2, 10), error.Location);
    }

    [Fact]
    public void Errors_in_several_manifests_come_out_together_and_sorted()
    {
        using var repo = RepoWithManifest("dataset: d.jsonl\nteachr: acme/owl-teacher\n");
        repo.Data("data/e.jsonl");
        repo.Write("data/e.lineage.yaml", "dataset: ../../e.jsonl\nteacher: acme/owl-teacher\nreference: nope.jsonl\n");
        repo.Data("data/f.jsonl");
        repo.Write("data/f.lineage.yaml", "dataset: f.jsonl\nteacher: [a\n");
        repo.Data("data/g.jsonl");
        repo.Write("data/g.lineage.yaml", "dataset: g.jsonl\nteacher: a\nteacher: b\n");
        IReadOnlyList<InputError> errors = repo.CheckErrors();
        Assert.Equal(
            ["data/d.lineage.yaml:GATE101", "data/d.lineage.yaml:GATE103", "data/e.lineage.yaml:GATE106", "data/e.lineage.yaml:GATE107",
             "data/f.lineage.yaml:GATE100", "data/g.lineage.yaml:GATE104"],
            errors.Select(e => $"{e.Location!.Value.File}:{e.Code}").Order(StringComparer.Ordinal));
        Assert.Equal(errors.OrderBy(e => e.Location!.Value.File, StringComparer.Ordinal).ThenBy(e => e.Location!.Value.Line), errors);
    }

    [Fact]
    public void A_glob_dataset_names_every_matching_file()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("data/shards/a.jsonl").Data("data/shards/b.jsonl");
        repo.Write("data/shards.lineage.yaml", "dataset: 'shards/*'\nteacher: deepseek-ai/DeepSeek-R1\n");
        var datasets = repo.Load().Inventory.Datasets;
        Assert.Equal(["data/shards/a.jsonl", "data/shards/b.jsonl"], datasets.Select(d => d.Path));
    }

    [Fact]
    public void A_folder_dataset_is_one_dataset()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("data/shards/a.jsonl").Data("data/shards/b.jsonl");
        repo.Write("data/shards.lineage.yaml", "dataset: shards\nteacher: deepseek-ai/DeepSeek-R1\n");
        var dataset = Assert.Single(repo.Load().Inventory.Datasets);
        Assert.Equal("data/shards", dataset.Path);
        Assert.True(dataset.IsFolder);
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
}
