using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Tests.Policy;

namespace Gate.Core.Tests.Lineage;

public class ModelRegistryTests
{
    internal static (ModelRegistry Registry, IReadOnlyList<InputError> Errors) Build(string policyYaml, IEnumerable<ModelDeclaration>? cards = null)
    {
        var (policy, parseErrors) = PolicyLoaderTests.Parse(policyYaml);
        Assert.Empty(parseErrors);
        var errors = new InputErrorSink();
        ModelRegistry registry = ModelRegistry.Build(policy!, cards ?? [], errors);
        return (registry, errors.Errors);
    }

    internal static ModelRegistry BuildClean(string policyYaml)
    {
        var (registry, errors) = Build(policyYaml);
        Assert.Empty(errors);
        return registry;
    }

    [Fact]
    public void Finds_models_by_id_or_alias_case_insensitively()
    {
        ModelRegistry registry = BuildClean("version: 1\n" + Fixtures.Models + Fixtures.Students);
        Assert.Equal("meta-llama/Llama-3.1-8B", registry.Find("meta-llama/Meta-Llama-3.1-8B")!.Id.Value);
        Assert.Equal("meta-llama/Llama-3.1-8B", registry.Canonical("META-LLAMA/meta-llama-3.1-8b"));
        Assert.Equal("Qwen/Qwen2.5-7B", registry.Canonical("qwen/qwen2.5-7b"));
        Assert.Equal("nobody/knows", registry.Canonical("nobody/knows"));
        Assert.Null(registry.Find("nobody/knows"));
        Assert.True(registry.SameModel("meta-llama/Meta-Llama-3.1-8B", "meta-llama/llama-3.1-8b"));
        Assert.False(registry.SameModel("Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-7B-Instruct"));
        Assert.Equal(ModelSource.Student, registry.Find("acme/owl-student")!.Source);
    }

    [Fact]
    public void Models_are_listed_in_ordinal_id_order()
    {
        ModelRegistry registry = BuildClean("version: 1\n" + Fixtures.Models);
        string[] ids = registry.Models.Select(m => m.Id.Value).ToArray();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(7, ids.Length);
    }

    [Fact]
    public void A_model_declared_twice_is_GATE109_at_the_second_declaration()
    {
        var (_, errors) = Build("version: 1\nmodels:\n  - id: a/x\n    root: true\n  - id: A/X\n    root: true\n");
        InputError error = Assert.Single(errors);
        Assert.Equal("GATE109", error.Code);
        Assert.Equal(new SourceLocation("gate.yaml", 5, 9), error.Location);
        Assert.Contains("gate.yaml(3,9)", error.Message);
    }

    [Fact]
    public void A_student_redeclaring_a_registry_model_is_GATE109()
    {
        var (_, errors) = Build("version: 1\nmodels:\n  - id: a/x\n    root: true\nstudents:\n  - id: a/x\n    base: b/y\n");
        Assert.Equal("GATE109", Assert.Single(errors).Code);
    }

    [Theory]
    [InlineData("  - id: a/x\n    root: true\n  - id: b/y\n    root: true\n    aliases: [a/x]\n")]         // alias = another id
    [InlineData("  - id: a/x\n    root: true\n    aliases: [old]\n  - id: b/y\n    root: true\n    aliases: [OLD]\n")] // alias = another alias
    [InlineData("  - id: a/x\n    root: true\n    aliases: [a/x]\n")]                                   // alias = own id
    [InlineData("  - id: a/x\n    root: true\n    aliases: [old]\n  - id: old\n    root: true\n")]      // id = earlier alias
    public void Alias_clashes_are_GATE109(string models)
    {
        var (_, errors) = Build("version: 1\nmodels:\n" + models);
        Assert.Equal("GATE109", Assert.Single(errors).Code);
    }

    [Fact]
    public void A_cycle_is_GATE108_naming_the_cycle()
    {
        var (_, errors) = Build("version: 1\nmodels:\n  - id: acme/A\n    base: acme/B\n  - id: acme/B\n    base: acme/A\n");
        InputError error = Assert.Single(errors);
        Assert.Equal("GATE108", error.Code);
        Assert.Contains("acme/A → acme/B → acme/A", error.Message);
        Assert.Equal(new SourceLocation("gate.yaml", 6, 11), error.Location);
    }

    [Fact]
    public void A_cycle_through_an_alias_is_found()
    {
        var (_, errors) = Build("version: 1\nmodels:\n  - id: acme/A\n    base: acme/old-B\n  - id: acme/B\n    aliases: [acme/old-B]\n    base: acme/C\n  - id: acme/C\n    base: acme/a\n");
        InputError error = Assert.Single(errors);
        Assert.Equal("GATE108", error.Code);
        Assert.Contains("acme/A", error.Message);
        Assert.Contains("acme/B", error.Message);
        Assert.Contains("acme/C", error.Message);
    }

    [Fact]
    public void A_diamond_is_not_a_cycle()
    {
        Assert.Empty(Build("version: 1\nmodels:\n  - {id: r, root: true}\n  - {id: a, base: r}\n  - {id: b, base: r}\n  - {id: m, base: [a, b]}\n").Errors);
    }

    [Fact]
    public void A_cycle_fails_the_whole_check_with_GATE108()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\nmodels:\n  - id: acme/A\n    base: acme/B\n  - id: acme/B\n    base: acme/A\nstudents:\n  - id: acme/A\n");
        repo.Dataset("d", "teacher: acme/B\n");
        Assert.Equal("GATE108", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void Registry_and_input_errors_come_out_together()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\nmodels:\n  - id: acme/A\n    base: acme/B\n  - id: acme/B\n    base: acme/A\n  - id: acme/B\n    root: true\n");
        repo.Dataset("d", "teachr: acme/B\n");
        Assert.Equal(["GATE101", "GATE103", "GATE108", "GATE109"], repo.CheckErrors().Select(e => e.Code).Order());
    }
}
