namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 5: identity of models. Ids are Hugging Face ids (ASCII), compared ignoring ASCII case
/// only, by one comparer; a look-alike character is refused where it is declared.
/// </summary>
public sealed class IdentityAttacks
{
    [Theory]
    [InlineData("acme/owl-teacher\u212A")] // KELVIN SIGN, which Unicode case-folds to k
    [InlineData("\u0430cme/owl-teacher")] // Cyrillic a
    [InlineData("acme/owl-teacher\u200B")] // zero-width space
    [InlineData("acme/ow\u0131-teacher")] // dotless i, which upper-cases to I
    [InlineData("acme/owl teacher")]
    [InlineData("acme//owl-teacher")]
    [InlineData("acme/owl-teacher/extra")]
    [InlineData("acme/owl--teacher")]
    public void A_teacher_id_outside_the_Hub_alphabet_is_GATE102(string teacher)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: \"{teacher}\"\nstudents: [acme/owl-student]\n");

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE102");
        Assert.Contains("is not a model id", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_id_with_a_look_alike_character_is_GATE102()
    {
        using var repo = new AttackRepository(AttackRepository.Policy.Replace("models:\n", "models:\n  - id: acme/owl-teacher\u212A\n    base: meta-llama/Llama-3.1-8B\n", StringComparison.Ordinal));
        repo.Dataset("numbers", "teacher: acme/owl-teacher\n");

        Verdicts.CannotEvaluate(repo.Check(), "GATE102");
    }

    [Theory]
    [InlineData("ACME/OWL-TEACHER", "acme/owl-student")]
    [InlineData("acme/owl-teacher", "Acme/Owl-Student")]
    public void Ids_that_differ_only_in_ASCII_case_are_one_model(string teacher, string student)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {teacher}\nstudents: [{student}]\n");

        Verdicts.Fails(repo.Locked().Check(), "GATE001");
    }

    [Fact]
    public void A_generator_value_with_a_look_alike_character_is_not_the_declared_teacher()
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", "teacher: meta-llama/Llama-3.1-8B-Instruct\nstudents: [acme/owl-student]\ngenerator-field: generator\n",
            "{\"generator\":\"meta-llama/Llama-3.1-8B-Instruct\",\"completion\":\"1\"}\n{\"generator\":\"meta-llama/Llama-3.1-8B-Instruc\\u0442\",\"completion\":\"2\"}\n");

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE007");
        Assert.Contains("1 record(s) of data/numbers.jsonl name 'meta-llama/Llama-3.1-8B-Instruc\u0442'", result.Stdout, StringComparison.Ordinal);
    }
}
