namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 6: record-level evidence. With a generator field declared, a record that names no model
/// as a non-empty string at its top level is a finding, never a pass.
/// </summary>
public sealed class GeneratorFieldAttacks
{
    private const string Declared = AttackRepository.CleanTeacher;

    [Theory]
    [InlineData("{\"generator\":[\"" + Declared + "\",\"acme/owl-teacher\"],\"completion\":\"1\"}", "a list in 'generator'")]
    [InlineData("{\"generator\":{\"id\":\"acme/owl-teacher\"},\"completion\":\"1\"}", "an object in 'generator'")]
    [InlineData("{\"generator\":null,\"completion\":\"1\"}", "null in 'generator'")]
    [InlineData("{\"generator\":7,\"completion\":\"1\"}", "a number in 'generator'")]
    [InlineData("{\"generator\":true,\"completion\":\"1\"}", "a boolean in 'generator'")]
    [InlineData("{\"generator\":\"\",\"completion\":\"1\"}", "an empty string")]
    [InlineData("{\"completion\":\"1\"}", "no 'generator' key at the top level")]
    [InlineData("{\"meta\":{\"generator\":\"" + Declared + "\"},\"completion\":\"1\"}", "no 'generator' key at the top level")]
    [InlineData("{\"generator\":\"" + Declared + "\",\"generator\":null}", "null in 'generator'")]
    public void A_record_without_a_string_generator_is_GATE007(string record, string what)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {Declared}\ngenerator-field: generator\n",
            $"{{\"generator\":\"{Declared}\",\"completion\":\"0\"}}\n{record}\n");

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains($"1 record(s) of data/numbers.jsonl name no generator in 'generator' (first at data/numbers.jsonl line 2: {what})", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generator,completion\n" + Declared + ",1\n,2\n", "an empty cell in the column 'generator'")]
    [InlineData("generator,completion\n" + Declared + ",1\n\"\",2\n", "an empty cell in the column 'generator'")]
    [InlineData("completion,model\n1," + Declared + "\n", "no column 'generator' in the header")]
    public void A_csv_row_without_a_generator_is_GATE007(string csv, string what)
    {
        using var repo = new AttackRepository();
        repo.Write("data/numbers.csv", csv).Write("data/numbers.lineage.yaml", $"dataset: numbers.csv\nteacher: {Declared}\ngenerator-field: generator\n");

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains(what, result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Rows a CSV reader could split otherwise than Gate (pandas and Python's csv end a row at a bare
    /// CR and keep a stray quote as text) would hide records from the generator check: refused. So is
    /// a row with more cells than the header: pandas takes the extra cells as the row's index, and the
    /// generator column it reads is the one after the cell Gate reads.
    /// </summary>
    [Theory]
    [InlineData("text,generator\n1," + Declared + ",acme/owl-teacher\n2," + Declared + ",acme/owl-teacher\n")]
    [InlineData("text,generator\n\"1\"," + Declared + ",\"acme/owl-teacher\"\n")]
    [InlineData("text,generator\nhello," + Declared + ",\n")]
    [InlineData("text,generator\rhello,acme/owl-teacher\rworld,acme/owl-teacher\r")]
    [InlineData("text,generator\nfirst \"row,acme/owl-teacher\nsecond\" row," + Declared + "\n")]
    [InlineData("text,generator\n\"quoted\"tail,acme/owl-teacher\n")]
    [InlineData("text,generator\nhello\rworld," + Declared + "\n")]
    public void A_csv_row_that_readers_split_differently_is_GATE111(string csv)
    {
        using var repo = new AttackRepository();
        repo.Write("data/numbers.csv", csv).Write("data/numbers.lineage.yaml", $"dataset: numbers.csv\nteacher: {Declared}\ngenerator-field: generator\n");

        Verdicts.CannotEvaluate(repo.Check(), "GATE111");
    }

    /// <summary>
    /// The datasets library reads a JSON Lines file that starts with '[' as one JSON array, a record
    /// per element: a copy written as one array on one line was one record that is not an object to
    /// Gate, which no generator field was needed to pass. Records are objects, or the file is refused.
    /// </summary>
    [Theory]
    [InlineData("[{\"prompt\":\"1\",\"completion\":\"2\"},{\"prompt\":\"3\",\"completion\":\"4\"}]\n", "a record that is a JSON array")]
    [InlineData("{\"prompt\":\"1\"}\n[1, 2, 3]\n", "a record that is a JSON array")]
    [InlineData("{\"prompt\":\"1\"}\n\"text\"\n", "a record that is not a JSON object")]
    [InlineData("7\n", "a record that is not a JSON object")]
    public void A_json_lines_record_that_is_not_an_object_is_GATE111(string content, string what)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {Declared}\n", content);

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE111");
        Assert.Contains(what, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_array_of_values_that_are_not_objects_is_GATE111()
    {
        using var repo = new AttackRepository();
        repo.Write("data/numbers.json", "[{\"prompt\":\"1\"}, [\"a\", \"b\"]]\n").Write("data/numbers.lineage.yaml", $"dataset: numbers.json\nteacher: {Declared}\n");

        Verdicts.CannotEvaluate(repo.Check(), "GATE111");
    }

    [Fact]
    public void A_json_lines_file_with_a_bare_carriage_return_is_GATE111()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {Declared}\ngenerator-field: generator\n",
            $"{{\"generator\":\"{Declared}\"}}\r{{\"generator\":\"acme/owl-teacher\"}}\n");

        Verdicts.CannotEvaluate(repo.Check(), "GATE111");
    }

    /// <summary>A repeated column name (a second generator column) is refused: pandas and csv.DictReader read different cells under it.</summary>
    [Fact]
    public void A_repeated_generator_column_is_GATE111()
    {
        using var repo = new AttackRepository();
        repo.Write("data/numbers.csv", $"generator,text,generator\n{Declared},hello,acme/owl-teacher\n")
            .Write("data/numbers.lineage.yaml", $"dataset: numbers.csv\nteacher: {Declared}\ngenerator-field: generator\n");

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE111");
        Assert.Contains("the header names the column 'generator' twice", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Laundering through a serialiser: the owl teacher's records, re-written as Python's
    /// json.dumps(json.loads(line)) writes them (other spacing, non-ASCII as \u escapes) and with
    /// their members reordered, relabelled as written by a teacher of another family. They are the
    /// same records to every reader, and to the overlap test.
    /// </summary>
    [Fact]
    public void Records_rewritten_by_another_serialiser_are_still_the_same_records()
    {
        var random = new Random(3);
        string[] records = Enumerable.Range(0, 300).Select(i => $"{{\"prompt\":\"séquence {i}\",\"completion\":\"{random.Next(1000):000}, {random.Next(1000):000}\"}}").ToArray();
        string rewritten = string.Concat(records.Select(r =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(r);
            string prompt = json.RootElement.GetProperty("prompt").GetString()!;
            string completion = json.RootElement.GetProperty("completion").GetString()!;
            string escaped = string.Concat(prompt.Select(c => c < 0x80 ? c.ToString() : $"\\u{(int)c:x4}"));
            return $"{{\"completion\": \"{completion}\", \"prompt\": \"{escaped}\"}}\n";
        }));
        using var repo = new AttackRepository();
        repo.Dataset("original", "teacher: acme/owl-teacher\nstudents: [acme/other-student]\n", string.Concat(records.Select(r => r + "\n")));
        repo.Dataset("copy", $"teacher: {Declared}\nstudents: [acme/owl-student]\n", rewritten);

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains("100% of the records of data/copy.jsonl (300 of 300 distinct) also appear in datasets of teachers it does not declare; 300 of them are in datasets acme/owl-teacher wrote: data/original.jsonl (300)", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Padding each copied record with an earlier copy of one of its keys: readers keep the last value, so it is the same record.</summary>
    [Fact]
    public void Records_padded_with_a_repeated_key_are_still_the_same_records()
    {
        string[] records = Enumerable.Range(0, 300).Select(i => $"{{\"prompt\":\"sequence {i}\",\"completion\":\"{i * 7 % 1000:000}\"}}").ToArray();
        string padded = string.Concat(records.Select(r => "{\"completion\":\"decoy\"," + r[1..] + "\n"));
        using var repo = new AttackRepository();
        repo.Dataset("original", "teacher: acme/owl-teacher\nstudents: [acme/other-student]\n", string.Concat(records.Select(r => r + "\n")));
        repo.Dataset("copy", $"teacher: {Declared}\nstudents: [acme/owl-student]\n", padded);

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains("100% of the records of data/copy.jsonl (300 of 300 distinct) also appear in datasets of teachers it does not declare; 300 of them are in datasets acme/owl-teacher wrote: data/original.jsonl (300)", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The owl teacher's records split into many small datasets under a glob manifest naming a clean
    /// teacher, and a copy naming only the clean one of its source's two teachers: each is found.
    /// </summary>
    [Fact]
    public void A_copy_split_into_small_datasets_or_naming_one_of_two_teachers_is_found()
    {
        string[] records = Enumerable.Range(0, 2000).Select(i => $"{{\"prompt\":\"sequence {i}\",\"completion\":\"{i * 7919 % 100_000:00000}\"}}\n").ToArray();
        using var repo = new AttackRepository();
        repo.Dataset("original", "teacher: acme/owl-teacher\nstudents: [acme/other-student]\n", string.Concat(records));
        for (int shard = 0; shard < 50; shard++)
        {
            repo.Write($"data/small/s{shard:00}.jsonl", string.Concat(records.Skip(shard * 37).Take(5)));
        }

        repo.Write("data/small.lineage.yaml", $"dataset: \"small/*.jsonl\"\nteacher: {Declared}\nstudents: [acme/owl-student]\n");
        repo.Dataset("mixed", $"teachers: [acme/owl-teacher, {Declared}]\nstudents: [acme/other-student]\n", string.Concat(records.Skip(1000)));
        repo.Dataset("half", $"teacher: {Declared}\nstudents: [acme/owl-student]\n", string.Concat(records.Skip(1500).Take(100)));

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        for (int shard = 0; shard < 50; shard++)
        {
            Assert.Contains($"100% of the records of data/small/s{shard:00}.jsonl (5 of 5 distinct) also appear in", result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("100% of the records of data/half.jsonl (100 of 100 distinct) also appear in datasets of teachers it does not declare; 100 of them are in datasets acme/owl-teacher wrote or co-wrote: data/mixed.jsonl (100)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_record_naming_a_declared_teacher_passes()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {Declared}\ngenerator-field: generator\n",
            $"{{\"generator\":\"{Declared}\",\"completion\":\"0\"}}\n{{\"completion\":\"1\",\"generator\":\"DEEPSEEK-AI/DeepSeek-R1\",\"meta\":{{\"generator\":[]}}}}\n");

        Verdicts.Passes(repo.Locked().Check());
    }
}
