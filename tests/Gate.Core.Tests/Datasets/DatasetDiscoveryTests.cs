using Gate.Core.Datasets;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Datasets;

public class DatasetDiscoveryTests
{
    [Theory]
    [InlineData("a.jsonl", true)]
    [InlineData("a.JSONL", true)]
    [InlineData("a.json.gz", true)]
    [InlineData("a.parquet.zst", true)]
    [InlineData("a.csv", true)]
    [InlineData("a.tsv", true)]
    [InlineData("a.txt", true)]
    [InlineData("a.md", false)]
    [InlineData("a.yaml", false)]
    [InlineData("a.gz", false)]
    [InlineData("a.jsonl.gz.zst", false)]
    public void Data_files_are_the_SPEC_formats_optionally_compressed(string name, bool expected)
    {
        Assert.Equal(expected, DatasetFormats.IsDataFile(name));
    }

    [Fact]
    public void Files_inside_a_folder_dataset_need_no_manifest_of_their_own()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("data/shards/a.jsonl").Data("data/shards/b/c.jsonl");
        repo.Write("data/shards.lineage.yaml", "dataset: shards\nteacher: deepseek-ai/DeepSeek-R1\n");
        GateReport report = repo.Check();
        Assert.Empty(report.Findings);
        DatasetSummary dataset = Assert.Single(report.Datasets);
        Assert.True(dataset.IsFolder);
    }

    [Fact]
    public void Without_a_datasets_selection_a_glob_never_makes_the_manifests_own_reference_or_evidence_a_dataset()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + Fixtures.Models + Fixtures.Students);
        repo.Data("data/part-1.jsonl").Data("data/part-2.jsonl").Data("data/ref.jsonl").Write("data/probe.json", "{}");
        repo.Write("data/parts.lineage.yaml", "dataset: '*.json*'\nteacher: deepseek-ai/DeepSeek-R1\nreference: ref.jsonl\nmitigations:\n  - kind: trait-eval\n    evidence: probe.json\n");
        GateWorkspace workspace = repo.Load();
        Assert.Equal(["data/part-1.jsonl", "data/part-2.jsonl"], workspace.Inventory.Datasets.Select(d => d.Path));
    }

    /// <summary>
    /// A file the policy selects stays a dataset whatever a manifest calls it: naming data as
    /// "evidence" or "reference" must not take it out of the gate.
    /// </summary>
    [Fact]
    public void A_file_the_policy_selects_stays_a_dataset_when_a_manifest_names_it_as_evidence_or_reference()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("data/part-1.jsonl").Data("data/ref.jsonl").Write("data/probe.json", "[]");
        repo.Write("data/parts.lineage.yaml", "dataset: 'part-*.jsonl'\nteacher: deepseek-ai/DeepSeek-R1\nreference: ref.jsonl\nmitigations:\n  - kind: trait-eval\n    evidence: probe.json\n");
        GateWorkspace workspace = repo.Load();
        Assert.Equal(["data/part-1.jsonl", "data/probe.json", "data/ref.jsonl"], workspace.Inventory.Datasets.Select(d => d.Path));
        Assert.Null(workspace.Inventory.Datasets.Single(d => d.Path == "data/probe.json").Manifest);
    }

    [Fact]
    public void A_glob_that_matches_a_file_in_another_format_refuses_it_with_GATE113()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("part-1.jsonl").Write("README.md", "# data").Write(".gitattributes", "* text eol=lf\n");
        repo.Write("all.lineage.yaml", "dataset: '*'\nteacher: deepseek-ai/DeepSeek-R1\n");
        var errors = Assert.Throws<Gate.Core.Diagnostics.GateInputException>(() => repo.Load()).Errors;
        Assert.Equal(["GATE113", "GATE113"], errors.Select(e => e.Code));
        Assert.Contains("'.gitattributes' is not in a format Gate reads", errors[0].Message);
        Assert.Contains("'README.md' is not in a format Gate reads", errors[1].Message);
        Assert.All(errors, e => Assert.Equal(new Gate.Core.Diagnostics.SourceLocation("all.lineage.yaml", 1, 10), e.Location));
    }

    [Fact]
    public void A_glob_skips_files_the_policy_excludes_and_gates_own_files()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy().Replace("include: [\"data/**\"]", "include: [\"data/**\"]\n  exclude: [\"**/*.md\", \"**/.gitattributes\"]"));
        repo.Data("part-1.jsonl").Write("README.md", "# data").Write(".gitattributes", "* text eol=lf\n");
        repo.Write("all.lineage.yaml", "dataset: '*'\nteacher: deepseek-ai/DeepSeek-R1\n");
        GateWorkspace workspace = repo.Load();
        Assert.Equal(["part-1.jsonl"], workspace.Inventory.Datasets.Select(d => d.Path));
    }
}
