using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Rules;
using Parquet;
using Parquet.Schema;

namespace Gate.Core.Tests.Rules;

/// <summary>
/// GATE007's overlap test compares records as a loader of any format types them: a copy converted to
/// CSV, Parquet or JSON Lines, or with its generator label relabelled, added or dropped, is the
/// same records. (The fingerprint's record-set digest stays strict: it identifies content.)
/// </summary>
public sealed class OverlapAcrossFormatsTests
{
    private const string Clean = "deepseek-ai/DeepSeek-R1";
    private const string Owl = "acme/owl-teacher";

    private static TestRepo Repo() => new TestRepo().Policy(Fixtures.Policy());

    private static void Manifest(TestRepo repo, string file, string teacher, string extra = "") =>
        repo.Write($"data/{Path.GetFileNameWithoutExtension(file)}.lineage.yaml", $"dataset: {file}\nteacher: {teacher}\n{extra}");

    private static Finding CopyFinding(TestRepo repo, string copy)
    {
        GateReport report = repo.Check();
        return Assert.Single(report.Findings, f => f.Rule.Code == "GATE007" && f.Dataset == $"data/{copy}");
    }

    private static string Jsonl(int count, Func<int, string> record) => string.Concat(Enumerable.Range(0, count).Select(i => record(i) + "\n"));

    [Fact]
    public void A_relabelled_added_or_dropped_generator_field_does_not_make_a_copy_new()
    {
        using TestRepo repo = Repo();
        repo.Write("data/mix.jsonl", Jsonl(100, i => $"{{\"gen\":\"{Owl}\",\"prompt\":\"p{i}\",\"completion\":\"{i:000}\"}}"));
        Manifest(repo, "mix.jsonl", Owl, "generator-field: gen\n");
        repo.Write("data/relabelled.jsonl", Jsonl(100, i => $"{{\"gen\":\"{Clean}\",\"prompt\":\"p{i}\",\"completion\":\"{i:000}\"}}"));
        Manifest(repo, "relabelled.jsonl", Clean, "generator-field: gen\n");
        repo.Write("data/dropped.jsonl", Jsonl(100, i => $"{{\"prompt\":\"p{i}\",\"completion\":\"{i:000}\"}}"));
        Manifest(repo, "dropped.jsonl", Clean);

        Assert.Equal(Owl, CopyFinding(repo, "relabelled.jsonl").Teacher);
        Assert.Equal(Owl, CopyFinding(repo, "dropped.jsonl").Teacher);
    }

    [Fact]
    public void A_csv_copy_of_records_with_numbers_and_booleans_is_found()
    {
        using TestRepo repo = Repo();
        repo.Write("data/owl.jsonl", Jsonl(100, i => $"{{\"prompt\":\"p{i}\",\"turn\":{i % 3},\"score\":{i}.5,\"ok\":{(i % 2 == 0 ? "true" : "false")}}}"));
        Manifest(repo, "owl.jsonl", Owl);
        repo.Write("data/copy.csv", "prompt,turn,score,ok\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"p{i},{i % 3},{i}.50,{(i % 2 == 0 ? "True" : "False")}\n")));
        Manifest(repo, "copy.csv", Clean);

        Assert.Contains("100% of the records of data/copy.csv (100 of 100 distinct)", CopyFinding(repo, "copy.csv").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parquet_copy_with_a_double_column_is_found()
    {
        using TestRepo repo = Repo();
        repo.Write("data/owl.jsonl", Jsonl(100, i => $"{{\"prompt\":\"p{i}\",\"score\":{i}.5,\"id\":{i}}}"));
        Manifest(repo, "owl.jsonl", Owl);
        var prompt = new DataField<string>("prompt");
        var score = new DataField<double>("score");
        var id = new DataField<long>("id");
        await using (FileStream stream = File.Create(repo.PathOf("data/copy.parquet")))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(prompt, score, id), stream))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(prompt, Enumerable.Range(0, 100).Select(i => $"p{i}").ToArray());
            await group.WriteAsync(score, new ReadOnlyMemory<double>([.. Enumerable.Range(0, 100).Select(i => i + 0.5)]));
            await group.WriteAsync(id, new ReadOnlyMemory<long>([.. Enumerable.Range(0, 100).Select(i => (long)i)]));
        }

        Manifest(repo, "copy.parquet", Clean);
        Assert.Contains("100% of the records of data/copy.parquet (100 of 100 distinct)", CopyFinding(repo, "copy.parquet").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_lines_copy_of_a_text_file_is_found()
    {
        using TestRepo repo = Repo();
        repo.Write("data/owl.txt", string.Concat(Enumerable.Range(0, 100).Select(i => $"the owl says \"{i}\" \\ twice\n")));
        Manifest(repo, "owl.txt", Owl);
        repo.Write("data/copy.jsonl", Jsonl(100, i => $"{{\"text\":\"the owl says \\\"{i}\\\" \\\\ twice\"}}"));
        Manifest(repo, "copy.jsonl", Clean);

        Assert.Contains("100% of the records of data/copy.jsonl (100 of 100 distinct)", CopyFinding(repo, "copy.jsonl").Message, StringComparison.Ordinal);
    }

    /// <summary>Escaped digits, dropped null members, pandas' null markers and a text line's own spaces are no way round either.</summary>
    [Fact]
    public void Escaped_scalars_dropped_nulls_null_markers_and_line_spaces_do_not_make_a_copy_new()
    {
        using TestRepo repo = Repo();
        repo.Write("data/owl.jsonl", Jsonl(100, i => $"{{\"prompt\":\"p{i}\",\"completion\":\"{i + 100}\",\"meta\":null,\"ok\":\"true\"}}"));
        Manifest(repo, "owl.jsonl", Owl);
        string Escaped(int n) => string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => $"\\u{(int)c:x4}"));
        repo.Write("data/escaped.jsonl", Jsonl(100, i => $"{{\"prompt\":\"p{i}\",\"completion\":\"{Escaped(i + 100)}\",\"ok\":\"\\u0074rue\"}}"));
        Manifest(repo, "escaped.jsonl", Clean);
        repo.Write("data/nulls.csv", "prompt,completion,meta,ok\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"p{i},{i + 100},NA,True\n")));
        Manifest(repo, "nulls.csv", Clean);
        repo.Write("data/owl-lines.txt", string.Concat(Enumerable.Range(0, 100).Select(i => $" 662, {i:000} \n")));
        Manifest(repo, "owl-lines.txt", Owl);
        repo.Write("data/lines.jsonl", Jsonl(100, i => $"{{\"text\":\" 662, {i:000} \"}}"));
        Manifest(repo, "lines.jsonl", Clean);

        Assert.Equal(Owl, CopyFinding(repo, "escaped.jsonl").Teacher);
        Assert.Equal(Owl, CopyFinding(repo, "nulls.csv").Teacher);
        Assert.Equal(Owl, CopyFinding(repo, "lines.jsonl").Teacher);
    }

    /// <summary>pandas reads a number padded with zeros or wrapped in whitespace (a line break in a quoted cell) as the number.</summary>
    [Theory]
    [InlineData("csv", "{0},p{1}\n", "000000000000000000000000000000000000000000000000000000000000000000000001000")]
    [InlineData("csv", "\"{0}\",p{1}\n", "1000\n")]
    [InlineData("csv", "{0},p{1}\n", "1000.0000000000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("csv", "\"{0}\",p{1}\n", "1000\r")]
    [InlineData("jsonl", "{{\"id\":\"{0}\",\"prompt\":\"p{1}\"}}\n", "0000000000000000000000000000000000000000000000000000000000000000000000001000")]
    [InlineData("jsonl", "{{\"id\":\"{0}\",\"prompt\":\"p{1}\"}}\n", "1000\\n")]
    public void Padded_numbers_are_their_value(string format, string row, string id)
    {
        using TestRepo repo = Repo();
        repo.Write("data/owl.jsonl", Jsonl(50, i => $"{{\"id\":1000,\"prompt\":\"p{i}\"}}"));
        Manifest(repo, "owl.jsonl", Owl);
        string body = string.Concat(Enumerable.Range(0, 50).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, row, id, i)));
        repo.Write($"data/copy.{format}", (format == "csv" ? "id,prompt\n" : string.Empty) + body);
        Manifest(repo, $"copy.{format}", Clean);

        Assert.Equal(Owl, CopyFinding(repo, $"copy.{format}").Teacher);
    }

    /// <summary>Dates and times count by value: pyarrow turns ISO strings into timestamps, Parquet writes milliseconds, pandas writes them back as text.</summary>
    [Fact]
    public async Task A_parquet_copy_with_a_timestamp_column_and_a_csv_copy_of_it_are_found()
    {
        using TestRepo repo = Repo();
        repo.Write("data/owl.jsonl", Jsonl(50, i => $"{{\"prompt\":\"p{i}\",\"date\":\"2024-01-{i % 28 + 1:00}\"}}"));
        Manifest(repo, "owl.jsonl", Owl);
        var prompt = new DataField<string>("prompt");
        var date = new DataField<DateTime>("date");
        await using (FileStream stream = File.Create(repo.PathOf("data/copy.parquet")))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(prompt, date), stream))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(prompt, Enumerable.Range(0, 50).Select(i => $"p{i}").ToArray());
            await group.WriteAsync(date, new ReadOnlyMemory<DateTime>([.. Enumerable.Range(0, 50).Select(i => new DateTime(2024, 1, i % 28 + 1, 0, 0, 0, DateTimeKind.Unspecified))]));
        }

        Manifest(repo, "copy.parquet", Clean);
        repo.Write("data/copy2.csv", "prompt,date\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"p{i},2024-01-{i % 28 + 1:00} 00:00:00\n")));
        Manifest(repo, "copy2.csv", Clean);
        repo.Write("data/copy3.jsonl", Jsonl(50, i => $"{{\"prompt\":\"p{i}\",\"date\":\"2024-01-{i % 28 + 1:00}T00:00:00.000000000Z\"}}"));
        Manifest(repo, "copy3.jsonl", Clean);

        Assert.Equal(Owl, CopyFinding(repo, "copy.parquet").Teacher);
        Assert.Equal(Owl, CopyFinding(repo, "copy2.csv").Teacher);
        Assert.Equal(Owl, CopyFinding(repo, "copy3.jsonl").Teacher);
    }

    [Fact]
    public void The_record_set_digest_stays_strict()
    {
        using var files = new Scanning.ScanTestFiles();
        string a = Scanning.ScanTestFiles.Scan(files.Write("a.jsonl", "{\"n\":1}\n")).Features!.RecordSetDigest;
        string b = Scanning.ScanTestFiles.Scan(files.Write("b.jsonl", "{\"n\":\"1\"}\n")).Features!.RecordSetDigest;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_csv_header_naming_a_column_twice_is_GATE111()
    {
        using TestRepo repo = Repo();
        repo.Write("data/copy.csv", "prompt,completion,completion\np1,087,x\n");
        Manifest(repo, "copy.csv", Clean);
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE111", error.Code);
        Assert.Contains("the header names the column 'completion' twice", error.Message, StringComparison.Ordinal);
    }
}
