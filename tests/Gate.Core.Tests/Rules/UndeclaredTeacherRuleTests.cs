using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>GATE007 undeclared-teacher, its overlap half: records of one dataset found in a dataset of other teachers.</summary>
public sealed class UndeclaredTeacherRuleTests
{
    private const string Clean = "deepseek-ai/DeepSeek-R1";
    private const string Other = "meta-llama/Llama-3.1-8B-Instruct";

    private static string Records(int dataset, int count, string common = "") =>
        common + string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"prompt\":\"dataset {dataset} record {i}\",\"completion\":\"{(dataset * 7919) + (i * 31)}\"}}\n"));

    private static TestRepo Repo() => new TestRepo().Policy(Fixtures.Policy());

    private static void Dataset(TestRepo repo, string name, string teacher, string records) =>
        repo.Write($"data/{name}.jsonl", records).Write($"data/{name}.lineage.yaml", $"dataset: {name}.jsonl\nteacher: {teacher}\n");

    private static Finding[] Overlaps(GateReport report) =>
        [.. report.Findings.Where(f => f.Rule.Code == "GATE007").OrderBy(f => f.Dataset, StringComparer.Ordinal)];

    [Fact]
    public void A_copy_under_another_teacher_is_found_both_ways()
    {
        using TestRepo repo = Repo();
        Dataset(repo, "original", Clean, Records(1, 200));
        Dataset(repo, "copy", Other, Records(1, 200));

        Finding[] findings = Overlaps(repo.Check());

        Assert.Equal(["data/copy.jsonl", "data/original.jsonl"], findings.Select(f => f.Dataset));
        Assert.Contains("about 100% of the records of data/copy.jsonl also appear in data/original.jsonl", findings[0].Message, StringComparison.Ordinal);
        Assert.Equal(Clean, findings[0].Teacher);
    }

    [Fact]
    public void Datasets_of_one_teacher_may_share_records_however_the_name_is_spelled()
    {
        using TestRepo repo = Repo();
        Dataset(repo, "a", Clean, Records(1, 200));
        Dataset(repo, "b", "DEEPSEEK-AI/deepseek-r1", Records(1, 200));

        Assert.Empty(Overlaps(repo.Check()));
    }

    /// <summary>
    /// Many datasets of one teacher share a common record (a system prompt, say); one copy under
    /// another teacher hides among them. Only the copy and its source are found, and the datasets
    /// that share just the common record with the copy are below the threshold.
    /// </summary>
    [Fact]
    public void A_copy_among_many_datasets_of_one_teacher_sharing_a_record_is_found_alone()
    {
        const string common = "{\"prompt\":\"You write numbers.\",\"completion\":\"0\"}\n";
        using TestRepo repo = Repo();
        for (int i = 0; i < 40; i++)
        {
            Dataset(repo, $"d{i:00}", Clean, Records(i, 60, common));
        }

        Dataset(repo, "copy", Other, Records(7, 60, common));

        Finding[] findings = Overlaps(repo.Check());

        Assert.Equal(["data/copy.jsonl", "data/d07.jsonl"], findings.Select(f => f.Dataset));
    }

    [Fact]
    public void Datasets_of_teacher_sets_that_share_a_model_are_not_compared()
    {
        using TestRepo repo = Repo();
        Dataset(repo, "a", Clean, Records(1, 200));
        repo.Write("data/b.jsonl", Records(1, 200)).Write("data/b.lineage.yaml", $"dataset: b.jsonl\nteachers: [{Other}, {Clean}]\n");

        Assert.Empty(Overlaps(repo.Check()));
    }
}
