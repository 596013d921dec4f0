using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>GATE007 undeclared-teacher, its overlap half: records of one dataset found in datasets of teachers it does not declare.</summary>
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
        Assert.StartsWith("100% of the records of data/copy.jsonl (200 of 200 distinct) also appear in datasets of teachers it does not declare; 200 of them are in datasets deepseek-ai/DeepSeek-R1 wrote: data/original.jsonl (200);", findings[0].Message, StringComparison.Ordinal);
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
    public void A_dataset_declaring_every_teacher_of_another_may_hold_its_records()
    {
        using TestRepo repo = Repo();
        Dataset(repo, "a", Clean, Records(1, 200));
        repo.Write("data/mix.jsonl", Records(1, 200) + Records(2, 200)).Write("data/mix.lineage.yaml", $"dataset: mix.jsonl\nteachers: [{Other}, {Clean}]\n");

        Assert.DoesNotContain("data/mix.jsonl", Overlaps(repo.Check()).Select(f => f.Dataset));
    }

    /// <summary>
    /// The part of a mix that its own teacher wrote: without a generator field nothing tells which of
    /// the mix's records each teacher wrote, so it is found; with one, each record is taken as
    /// written by the model it names, and the parts pass.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_parts_of_a_mix_pass_when_the_mix_says_who_wrote_each_record(bool generatorField)
    {
        using TestRepo repo = Repo();
        Dataset(repo, "clean", Clean, Labelled(Records(1, 200), Clean));
        Dataset(repo, "other", Other, Labelled(Records(2, 200), Other));
        string mix = Labelled(Records(1, 200), Clean) + Labelled(Records(2, 200), Other);
        repo.Write("data/mix.jsonl", mix).Write("data/mix.lineage.yaml", $"dataset: mix.jsonl\nteachers: [{Other}, {Clean}]\n" + (generatorField ? "generator-field: generator\n" : string.Empty));

        string[] found = [.. Overlaps(repo.Check()).Select(f => f.Dataset)];

        Assert.Equal(generatorField ? [] : ["data/clean.jsonl", "data/other.jsonl"], found);
    }

    /// <summary>A CSV mix with a generator column, its rows interleaved: each row is taken as written by the model its own cell names.</summary>
    [Fact]
    public void Each_row_of_a_csv_mix_is_taken_as_written_by_the_model_it_names()
    {
        string Row(int i, string model) => $"sequence {i},{i * 31},{model}\n";
        using TestRepo repo = Repo();
        repo.Write("data/clean.csv", "prompt,completion,generator\n" + string.Concat(Enumerable.Range(0, 100).Select(i => Row(2 * i, Clean))))
            .Write("data/clean.lineage.yaml", $"dataset: clean.csv\nteacher: {Clean}\n");
        repo.Write("data/other.csv", "prompt,completion,generator\n" + string.Concat(Enumerable.Range(0, 100).Select(i => Row((2 * i) + 1, Other))))
            .Write("data/other.lineage.yaml", $"dataset: other.csv\nteacher: {Other}\n");
        repo.Write("data/mix.csv", "prompt,completion,generator\n" + string.Concat(Enumerable.Range(0, 200).Select(i => Row(i, i % 2 == 0 ? Clean : Other))))
            .Write("data/mix.lineage.yaml", $"dataset: mix.csv\nteachers: [{Other}, {Clean}]\ngenerator-field: generator\n");

        Assert.Empty(Overlaps(repo.Check()));
    }

    /// <summary>A mix that says who wrote each record: a copy of the records one teacher wrote, under the other teacher, is found.</summary>
    [Fact]
    public void A_copy_of_one_teachers_part_of_a_labelled_mix_under_the_other_teacher_is_found()
    {
        using TestRepo repo = Repo();
        repo.Write("data/mix.jsonl", Labelled(Records(1, 200), Other) + Labelled(Records(2, 200), Clean))
            .Write("data/mix.lineage.yaml", $"dataset: mix.jsonl\nteachers: [{Other}, {Clean}]\ngenerator-field: generator\n");
        Dataset(repo, "copy", Clean, Labelled(Records(1, 200), Other));

        Finding finding = Assert.Single(Overlaps(repo.Check()));

        Assert.Equal("data/copy.jsonl", finding.Dataset);
        Assert.Equal(Other, finding.Teacher);
        Assert.StartsWith($"100% of the records of data/copy.jsonl (200 of 200 distinct) also appear in datasets of teachers it does not declare; 200 of them are in datasets {Other} wrote: data/mix.jsonl (200);", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>The records of <paramref name="records"/> with a "generator" member naming <paramref name="model"/>, as a labelled pipeline writes them.</summary>
    private static string Labelled(string records, string model) =>
        string.Concat(records.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => $"{{\"generator\":\"{model}\",{r[1..]}\n"));

    /// <summary>
    /// A copy that names one of its source's teachers is compared all the same: the source's other
    /// teacher may have written the records.
    /// </summary>
    [Fact]
    public void A_copy_naming_only_one_of_its_sources_teachers_is_found()
    {
        using TestRepo repo = Repo();
        repo.Write("data/mix.jsonl", Records(1, 200)).Write("data/mix.lineage.yaml", $"dataset: mix.jsonl\nteachers: [acme/owl-teacher, {Clean}]\n");
        Dataset(repo, "copy", Clean, Records(1, 200));

        Finding finding = Assert.Single(Overlaps(repo.Check()));

        Assert.Equal("data/copy.jsonl", finding.Dataset);
        Assert.Equal("acme/owl-teacher", finding.Teacher);
        Assert.Contains("are in datasets acme/owl-teacher wrote or co-wrote: ", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A sketch misses small subsets of a large dataset (and a chosen subset always): the comparison
    /// is exact, so 40 records taken from 20,000 are found however they are chosen.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_small_subset_of_a_large_dataset_is_found_however_it_is_chosen(int seed)
    {
        string[] source = Records(1, 20_000).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var random = new Random(seed);
        string subset = string.Concat(source.OrderBy(_ => random.Next()).Take(40).Select(r => r + "\n"));
        using TestRepo repo = Repo();
        Dataset(repo, "large", Clean, string.Concat(source.Select(r => r + "\n")));
        Dataset(repo, "small", Other, subset);

        Finding finding = Assert.Single(Overlaps(repo.Check()));

        Assert.StartsWith("100% of the records of data/small.jsonl (40 of 40 distinct) also appear in datasets of teachers it does not declare; 40 of them are in datasets ", finding.Message, StringComparison.Ordinal);
        Assert.Contains(" wrote: data/large.jsonl (40);", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Copies split across datasets of one teacher count together, and each source is named with what it holds.</summary>
    [Fact]
    public void A_copy_gathered_from_several_datasets_of_one_teacher_is_found_naming_them()
    {
        using TestRepo repo = Repo();
        Dataset(repo, "part1", Clean, Records(1, 100));
        Dataset(repo, "part2", Clean, Records(2, 100));
        Dataset(repo, "copy", Other, Records(1, 100).Split('\n')[..15].Aggregate((a, b) => a + "\n" + b) + "\n" + Records(2, 15) + Records(3, 100));

        Finding finding = Assert.Single(Overlaps(repo.Check()));

        Assert.StartsWith("23.1% of the records of data/copy.jsonl (30 of 130 distinct) also appear in datasets of teachers it does not declare; 30 of them are in datasets deepseek-ai/DeepSeek-R1 wrote: data/part1.jsonl (15), data/part2.jsonl (15);", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Repeating records does not dilute a copy: the share is of distinct records.</summary>
    [Fact]
    public void A_copy_padded_with_one_record_repeated_is_still_found()
    {
        using TestRepo repo = Repo();
        Dataset(repo, "original", Clean, Records(1, 50));
        Dataset(repo, "copy", Other, Records(1, 50) + string.Concat(Enumerable.Repeat("{\"prompt\":\"pad\",\"completion\":\"0\"}\n", 500)));

        Assert.Equal(["data/copy.jsonl", "data/original.jsonl"], Overlaps(repo.Check()).Select(f => f.Dataset));
    }
}
