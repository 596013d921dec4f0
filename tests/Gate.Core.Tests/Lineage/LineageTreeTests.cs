using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Lineage;

public class LineageTreeTests
{
    [Fact]
    public void LoadLineage_resolves_a_teacher_through_a_model_card()
    {
        var (_, registry) = GateWorkspace.LoadLineage(ExampleRepositoryTests.Example("cross-family"), null);
        LineageNode node = LineageNode.Build(registry, "deepseek-ai/DeepSeek-R1");
        Assert.Equal((ModelSource.ModelCard, "finetune"), (node.Source, node.Relation));
        LineageNode root = Assert.Single(node.Parents);
        Assert.True(root.IsRoot);
        Assert.Equal(("deepseek-ai/DeepSeek-V3-Base", "deepseek-v3"), (root.Id, root.Family));

        string text = LineageWriter.ToText(node);
        Assert.Contains("finetune of deepseek-ai/DeepSeek-V3-Base", text);
        Assert.Contains("root; family deepseek-v3", text);
    }

    /// <summary>A card in the checked folder is the pull request's to change: it never decides a student's lineage.</summary>
    [Fact]
    public void A_students_ancestor_only_a_model_card_describes_is_unknown_on_the_students_side()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\ndatasets:\n  include: [\"data/**\"]\nmodel-cards: [\"models/**/README.md\"]\nmodels:\n  - {id: base/teacher-root, root: true}\n  - {id: acme/teacher, base: base/teacher-root}\nstudents:\n  - id: acme/student\n    base: org/card-model\n");
        repo.Write("models/org/card-model/README.md", "---\nbase_model: base/teacher-root\n---\n");
        repo.Dataset("d", "teacher: acme/teacher\n");

        GateReport report = repo.Check();
        Finding unknown = Assert.Single(report.Findings);
        Assert.Equal("GATE004", unknown.Rule.Code);
        Assert.Contains("org/card-model, in the lineage of the student acme/student, is described only by a model card", unknown.Message);
        Assert.Equal(Verdict.Fail, report.Verdict);
    }

    [Fact]
    public void A_model_reached_twice_through_a_merge_is_expanded_once()
    {
        ModelRegistry registry = ModelRegistryTests.BuildClean("version: 1\nmodels:\n  - {id: r, root: true}\n  - {id: a, base: r}\n  - {id: b, base: r}\n  - {id: m, base: [a, b]}\n  - {id: x, aliases: [old-x]}\n");
        LineageNode merged = LineageNode.Build(registry, "m");
        Assert.Equal("merge", merged.Relation);
        Assert.Equal([false, true], merged.Parents.Select(p => p.Parents.Single().Repeated));

        LineageNode vague = LineageNode.Build(registry, "old-x");
        Assert.Equal("x", vague.Id);
        Assert.NotNull(vague.Unresolved);

        LineageNode unknown = LineageNode.Build(registry, "who/knows");
        Assert.False(unknown.Known);
    }

    [Fact]
    public void Lineage_JSON_and_Mermaid_are_stable()
    {
        ModelRegistry registry = ModelRegistryTests.BuildClean("version: 1\nmodels:\n  - {id: r, root: true}\n  - {id: a, base: r}\n  - {id: b, base: r, distilled-from: [t]}\n  - {id: m, base: [a, b]}\n");
        var resolver = new LineageResolver(registry);
        string json = LineageWriter.ToJson(LineageNode.Build(registry, "m"), resolver.GetAncestry("m"));
        Assert.Equal(json, LineageWriter.ToJson(LineageNode.Build(registry, "m"), resolver.GetAncestry("m")));
        Assert.Contains("\"schema\": \"gate-lineage/1\"", json);
        string mermaid = LineageWriter.ToMermaid(LineageNode.Build(registry, "m"));
        Assert.StartsWith("graph BT\n", mermaid);
        Assert.Contains("-.->|distilled from|", mermaid);
        Assert.Equal(4, mermaid.Split('\n').Count(l => l.Contains("-->|")));
    }
}
