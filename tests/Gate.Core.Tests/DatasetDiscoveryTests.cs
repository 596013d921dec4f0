using Gate.Core.Datasets;
using Gate.Core.Reports;

namespace Gate.Core.Tests;

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
    public void A_glob_never_makes_the_manifests_own_reference_or_evidence_a_dataset()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("data/part-1.jsonl").Data("data/part-2.jsonl").Data("data/ref.jsonl").Write("data/probe.json", "{}");
        repo.Write("data/parts.lineage.yaml", "dataset: '*.json*'\nteacher: deepseek-ai/DeepSeek-R1\nreference: ref.jsonl\nmitigations:\n  - kind: trait-eval\n    evidence: probe.json\n");
        GateWorkspace workspace = repo.Load();
        Assert.Equal(["data/part-1.jsonl", "data/part-2.jsonl"], workspace.Inventory.Datasets.Select(d => d.Path));
    }

    [Fact]
    public void A_glob_names_only_data_files()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Data("part-1.jsonl").Write("README.md", "# data").Write(".gitattributes", "* text eol=lf\n");
        repo.Write("all.lineage.yaml", "dataset: '*'\nteacher: deepseek-ai/DeepSeek-R1\n");
        GateWorkspace workspace = repo.Load();
        Assert.Equal(["part-1.jsonl"], workspace.Inventory.Datasets.Select(d => d.Path));
    }
}
