using Gate.Core.Diagnostics;

namespace Gate.Core.Tests;

public class WorkspaceTests
{
    [Fact]
    public void Policy_and_manifest_errors_are_reported_together()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("waviers: []\n"));
        repo.Dataset("d", "teachr: acme/owl-teacher\n");
        IReadOnlyList<InputError> errors = repo.CheckErrors();
        Assert.Equal(
            ["data/d.lineage.yaml:GATE103", "data/d.lineage.yaml:GATE101", "gate.yaml:GATE101"],
            errors.Select(e => $"{e.Location!.Value.File}:{e.Code}"));
    }

    [Fact]
    public void A_malformed_policy_and_a_malformed_manifest_are_reported_together()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\nmodels: [\n");
        repo.Dataset("d", "teacher: [a\n");
        Assert.Equal(["GATE100", "GATE100"], repo.CheckErrors().Select(e => e.Code));
    }

    [Fact]
    public void Model_card_manifest_and_registry_errors_are_reported_together()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy("  - id: acme/owl-student\n    base: x\nmodel-cards: ['models/**/adapter_config.json']\n"));
        repo.Dataset("d", "teacher: acme/owl-teacher\nreference: nope.jsonl\n");
        repo.Write("models/a/b/adapter_config.json", "{");
        Assert.Equal(["GATE100", "GATE107", "GATE109"], repo.CheckErrors().Select(e => e.Code).Order());
    }

    [Fact]
    public void The_exception_message_names_the_first_error_and_counts_the_rest()
    {
        using var repo = new TestRepo();
        repo.Policy(Fixtures.Policy());
        repo.Dataset("d", "teachr: acme/owl-teacher\n");
        var ex = Assert.Throws<GateInputException>(() => repo.Check());
        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal($"{ex.Errors[0]} (and 1 more)", ex.Message);
        Assert.StartsWith("data/d.lineage.yaml(1,1): error GATE103: ", ex.Message);
    }
}
