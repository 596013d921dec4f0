using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>GATE005 missing-lineage: every dataset has a manifest, every manifest data, every dataset students.</summary>
public sealed class MissingLineageRuleTests
{
    private static Finding Only(GateReport report, string code) => FindingAssert.Only(report, code);

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
    public void A_glob_matching_nothing_and_a_missing_folder_name_nothing()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Write("data/a.lineage.yaml", "dataset: 'nothing/*.jsonl'\nteacher: deepseek-ai/DeepSeek-R1\n");
        repo.Write("data/b.lineage.yaml", "dataset: gone\nteacher: deepseek-ai/DeepSeek-R1\n");
        Assert.Equal(["GATE005", "GATE005"], repo.Check().Findings.Select(f => f.Rule.Code));
    }

    /// <summary>An empty folder is an unfetched submodule: another repository's data Gate cannot vouch for.</summary>
    [Fact]
    public void An_empty_folder_where_data_is_selected_is_GATE106_naming_it()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        Directory.CreateDirectory(repo.PathOf("data/empty"));
        repo.Write("data/b.lineage.yaml", "dataset: empty\nteacher: deepseek-ai/DeepSeek-R1\n");
        IReadOnlyList<InputError> errors = repo.CheckErrors();
        Assert.Equal(["GATE106", "GATE106"], errors.Select(e => e.Code));
        Assert.All(errors, e => Assert.Matches("'data/empty',? (which )?is an empty folder", e.Message));
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

}
