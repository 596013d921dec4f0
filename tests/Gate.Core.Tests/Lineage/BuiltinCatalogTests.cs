using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Lineage;

/// <summary>The built-in catalog: opt-in, overridable, conservative, and each entry with its source.</summary>
public sealed class BuiltinCatalogTests
{
    private static IReadOnlyList<Finding> Check(string teacher, string student, string catalog = "catalog: builtin\n", string models = "")
    {
        using var repo = new TestRepo();
        repo.Policy($"version: 1\n{catalog}{models}students:\n  - id: {student}\n");
        repo.Dataset("d", $"teacher: {teacher}\n");
        return repo.Check().Findings;
    }

    [Theory]
    [InlineData("gpt-4.1", "gpt-4o", "gpt-4o")] // transmission observed: one initialization
    [InlineData("gpt-4o-2024-08-06", "gpt-4.1-2025-04-14", "gpt-4o")] // snapshot names are their models
    [InlineData("deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3-Base")]
    public void Models_that_share_an_initialization_fail(string teacher, string student, string shared)
    {
        Finding finding = Assert.Single(Check(teacher, student), f => f.Rule.Code == "GATE001");
        Assert.Equal(shared, finding.Shared);
    }

    [Theory]
    [InlineData("gpt-4.1-mini", "gpt-4.1-nano")]
    [InlineData("gpt-4.1", "gpt-4.1-mini")]
    public void Separate_roots_of_one_family_pass_with_a_same_family_warning(string teacher, string student)
    {
        IReadOnlyList<Finding> findings = Check(teacher, student);
        Assert.Equal(["GATE003"], findings.Select(f => f.Rule.Code));
        Assert.Equal(Severity.Warning, findings[0].Severity);
    }

    [Fact]
    public void Without_catalog_builtin_the_same_models_are_unknown()
    {
        Assert.All(Check("gpt-4.1-mini", "gpt-4.1-nano", catalog: string.Empty), f => Assert.Equal("GATE004", f.Rule.Code));
    }

    [Fact]
    public void The_registry_overrides_an_entry()
    {
        string models = "models:\n  - id: gpt-4.1-nano\n    base: gpt-4.1-mini\n";
        Finding finding = Assert.Single(Check("gpt-4.1-mini", "gpt-4.1-nano", models: models), f => f.Rule.Code == "GATE001");
        Assert.Equal("gpt-4.1-mini", finding.Shared);
    }

    [Fact]
    public void Every_entry_says_where_its_facts_come_from_and_nothing_is_listed_twice()
    {
        Assert.All(BuiltinCatalog.Models, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Reference));
            Assert.Null(ModelId.Problem(m.Id.Value));
            Assert.True(m.IsRoot || m.Bases.Count > 0);
            Assert.All(m.Aliases, a => Assert.Null(ModelId.Problem(a.Value)));
        });
        string[] names = [.. BuiltinCatalog.Models.SelectMany(m => m.Aliases.Append(m.Id)).Select(n => ModelId.Key(n.Value))];
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }
}
