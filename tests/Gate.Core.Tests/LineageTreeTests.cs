using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Reports;

namespace Gate.Core.Tests;

public class LineageTreeTests
{
    [Fact]
    public void LoadLineage_resolves_a_student_through_a_model_card()
    {
        var (_, registry) = GateWorkspace.LoadLineage(ExampleRepositoryTests.Example("cross-family"), null);
        LineageNode node = LineageNode.Build(registry, "acme/math-student");
        Assert.Equal(ModelSource.Student, node.Source);
        LineageNode card = Assert.Single(node.Parents);
        Assert.Equal(("Qwen/Qwen2.5-Math-7B", ModelSource.ModelCard, "finetune"), (card.Id, card.Source, card.Relation));
        LineageNode root = Assert.Single(card.Parents);
        Assert.True(root.IsRoot);
        Assert.Equal("qwen2.5", root.Family);

        string text = LineageWriter.ToText(node);
        Assert.Contains("finetune of Qwen/Qwen2.5-Math-7B", text);
        Assert.Contains("root; family qwen2.5", text);
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
