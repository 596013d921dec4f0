namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 6, continued: records of one teacher's data passed off as another's. The copy is found
/// however it is re-encoded, however many sources it is drawn from, and a waiver approved for one
/// of the real writers covers that one only.
/// </summary>
public sealed class OverlapAttacks
{
    private const string Declared = AttackRepository.CleanTeacher;

    /// <summary><see cref="AttackRepository.Policy"/> with six more teachers of the owl student's initialization.</summary>
    private static readonly string SixTeachers = AttackRepository.Policy.Replace(
        "students:\n",
        string.Concat(Enumerable.Range(1, 6).Select(k => $"  - id: acme/owl-teacher{k}\n    base: Qwen/Qwen2.5-7B\n")) + "students:\n",
        StringComparison.Ordinal);

    private static string[] Records(int count, string tag) =>
        [.. Enumerable.Range(0, count).Select(i => $"{{\"prompt\":\"{tag} sequence {i}\",\"completion\":\"{i * 7919 % 100_000:00000}\"}}")];

    /// <summary>A sixth of the copy from each of six teachers: under the threshold one by one, far above it together.</summary>
    [Fact]
    public void A_copy_drawn_in_small_parts_from_many_teachers_is_found_for_each()
    {
        using var repo = new AttackRepository(SixTeachers);
        var copy = new List<string>();
        for (int k = 1; k <= 6; k++)
        {
            string[] source = Records(200, $"t{k}");
            repo.Dataset($"src{k}", $"teacher: acme/owl-teacher{k}\nstudents: [acme/other-student]\n", string.Concat(source.Select(r => r + "\n")));
            copy.AddRange(source.Take(17));
        }

        repo.Dataset("copy", $"teacher: {Declared}\nstudents: [acme/owl-student]\n", string.Concat(copy.Select(r => r + "\n")));

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        for (int k = 1; k <= 6; k++)
        {
            Assert.Contains($"100% of the records of data/copy.jsonl (102 of 102 distinct) also appear in datasets of teachers it does not declare; 17 of them are in datasets acme/owl-teacher{k} wrote: data/src{k}.jsonl (17)", result.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>The same from one mix whose generator field labels each record with its real writer: labelling a mix does not open a way round.</summary>
    [Fact]
    public void A_copy_of_a_labelled_mix_of_many_teachers_is_found()
    {
        using var repo = new AttackRepository(SixTeachers);
        string[] mix = [.. Enumerable.Range(0, 600).Select(i => $"{{\"gen\":\"acme/owl-teacher{i % 6 + 1}\",\"prompt\":\"sequence {i}\",\"completion\":\"{i * 7919 % 100_000:00000}\"}}")];
        string teachers = string.Join(", ", Enumerable.Range(1, 6).Select(k => $"acme/owl-teacher{k}"));
        repo.Dataset("mix", $"teachers: [{teachers}]\ngenerator-field: gen\nstudents: [acme/other-student]\n", string.Concat(mix.Select(r => r + "\n")));
        repo.Dataset("plain", $"teacher: {Declared}\nstudents: [acme/owl-student]\n", string.Concat(mix.Skip(200).Take(60).Select(r => r + "\n")));

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains("100% of the records of data/plain.jsonl (60 of 60 distinct) also appear in datasets of teachers it does not declare; 10 of them are in datasets acme/owl-teacher1 wrote: data/mix.jsonl (10)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("10 of them are in datasets acme/owl-teacher6 wrote: data/mix.jsonl (10)", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A copy written back with sorted keys at every depth, and numbers in another form, is the same records.</summary>
    [Fact]
    public void A_copy_with_sorted_nested_keys_and_rewritten_numbers_is_found()
    {
        string[] records = [.. Enumerable.Range(0, 100).Select(i => $"{{\"messages\":[{{\"role\":\"user\",\"content\":\"q{i}\"}},{{\"role\":\"assistant\",\"content\":\"a{i}\"}}],\"score\":0.5,\"n\":{i + 1}00}}")];
        string copy = string.Concat(records.Select((_, i) => $"{{\"messages\": [{{\"content\": \"q{i}\", \"role\": \"user\"}}, {{\"content\": \"a{i}\", \"role\": \"assistant\"}}], \"n\": {i + 1}e2, \"score\": 5e-1}}\n"));
        using var repo = new AttackRepository();
        repo.Dataset("original", "teacher: acme/owl-teacher\nstudents: [acme/other-student]\n", string.Concat(records.Select(r => r + "\n")));
        repo.Dataset("copy", $"teacher: {Declared}\nstudents: [acme/owl-student]\n", copy);

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains("100% of the records of data/copy.jsonl (100 of 100 distinct) also appear in datasets of teachers it does not declare; 100 of them are in datasets acme/owl-teacher wrote: data/original.jsonl (100)", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Two copied records on one line would halve the count a loader sees, or hide the second record's generator: refused.</summary>
    [Theory]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"1\"} {\"prompt\":\"b\",\"completion\":\"2\"}\n")]
    [InlineData("{\"generator\":\"" + Declared + "\",\"completion\":\"1\"}{\"completion\":\"owl owl\"}\n")]
    public void Two_records_on_one_line_are_GATE111(string line)
    {
        using var repo = new AttackRepository();
        repo.Dataset("copy", $"teacher: {Declared}\n", AttackRepository.Record + line);

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE111");
        Assert.Contains("data/copy.jsonl at line 2: more than one JSON value on the line", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A waiver pinned to one of the copy's two real writers covers its finding, not the other's.</summary>
    [Fact]
    public void A_waiver_for_one_real_writer_leaves_the_other_writers_finding()
    {
        string policy = AttackRepository.Policy.Replace("students:\n", "  - id: acme/llama-teacher\n    base: meta-llama/Llama-3.1-8B\nstudents:\n", StringComparison.Ordinal)
            + """

            waivers:
              - rule: undeclared-teacher
                dataset: data/copy.jsonl
                teacher: acme/llama-teacher
                reason: the llama teacher's part was reviewed
                approved-by: data-lead
                expires: 2099-01-01
            """;
        using var repo = new AttackRepository(policy);
        string[] mix = Records(1000, "mix");
        repo.Dataset("mix", "teachers: [acme/llama-teacher, acme/owl-teacher]\nstudents: [acme/other-student]\n", string.Concat(mix.Select(r => r + "\n")));
        repo.Dataset("copy", $"teacher: {Declared}\nstudents: [acme/owl-student]\n", string.Concat(mix.Take(100).Select(r => r + "\n")));

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains("100 of them are in datasets acme/owl-teacher wrote or co-wrote: data/mix.jsonl (100)", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"waived[^\n]*acme/llama-teacher wrote or co-wrote", result.Stdout);
    }
}
