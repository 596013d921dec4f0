using Gate.Core.Diagnostics;
using Gate.Core.Lineage;

namespace Gate.Core.Tests.Lineage;

public class LineageResolverTests
{
    private static LineageResolver Resolver(string models) =>
        new(ModelRegistryTests.BuildClean("version: 1\nmodels:\n" + models));

    private const string Merges = """
          - {id: r1, root: true, family: f1}
          - {id: r2, root: true, family: f2}
          - {id: a, base: r1}
          - {id: a-instruct, base: a}
          - {id: b, base: r2}
          - {id: merged, base: [a-instruct, b], relation: merge}
          - {id: merged-ft, base: merged}
          - {id: b-ft, base: b}
          - {id: a-ft, base: a-instruct}
          - {id: orphan}
          - {id: lost, base: nowhere}
          - {id: lost-ft, base: lost}
        """;

    [Fact]
    public void Ancestry_has_every_weight_ancestor_at_its_shortest_distance()
    {
        Ancestry ancestry = Resolver(Merges).GetAncestry("merged-ft");
        Assert.Equal(new Dictionary<string, int>
        {
            ["merged-ft"] = 0, ["merged"] = 1, ["a-instruct"] = 2, ["b"] = 2, ["a"] = 3, ["r2"] = 3, ["r1"] = 4,
        }, ancestry.Distances.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
        Assert.True(ancestry.IsFullyResolved);
        Assert.Equal(["f1", "f2"], ancestry.Families);
    }

    [Fact]
    public void The_nearest_shared_ancestor_is_the_Instruct_model_not_the_root()
    {
        LineageResolver resolver = new(ModelRegistryTests.BuildClean("version: 1\n" + Fixtures.Models + Fixtures.Students));
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", resolver.NearestSharedAncestor("acme/owl-teacher", "acme/owl-student"));
        Assert.Equal("Qwen/Qwen2.5-7B", resolver.NearestSharedAncestor("Qwen/Qwen2.5-7B", "acme/owl-student"));
        Assert.Null(resolver.NearestSharedAncestor("acme/owl-teacher", "deepseek-ai/DeepSeek-R1"));
    }

    [Theory]
    [InlineData("merged-ft", "b-ft", "b")]
    [InlineData("merged-ft", "a-ft", "a-instruct")]
    [InlineData("merged", "a", "a")]
    [InlineData("a-ft", "b-ft", null)]
    [InlineData("merged", "merged", "merged")]
    [InlineData("r1", "r2", null)]
    public void Merges_share_with_each_parent_lineage(string x, string y, string? shared)
    {
        LineageResolver resolver = Resolver(Merges);
        Assert.Equal(shared, resolver.NearestSharedAncestor(x, y));
        Assert.Equal(shared, resolver.NearestSharedAncestor(y, x));
    }

    [Fact]
    public void Ties_go_to_the_more_balanced_then_the_ordinally_first_ancestor()
    {
        // x and y both descend from p and q: p at (1,1), q at (2,0) – both total 2, p is balanced.
        LineageResolver resolver = Resolver("  - {id: q, root: true}\n  - {id: p, base: q}\n  - {id: x, base: p}\n  - {id: y, base: [p, q]}\n  - {id: z, base: [m, n]}\n  - {id: w, base: [n, m]}\n  - {id: m, root: true}\n  - {id: n, root: true}\n");
        Assert.Equal("p", resolver.NearestSharedAncestor("x", "y"));
        Assert.Equal("m", resolver.NearestSharedAncestor("z", "w"));
        Assert.Equal("m", resolver.NearestSharedAncestor("w", "z"));
    }

    [Fact]
    public void Aliases_fold_wherever_a_model_is_named()
    {
        LineageResolver resolver = Resolver("  - {id: meta/Llama-3.1-8B, root: true, aliases: [meta/Meta-Llama-3.1-8B]}\n  - {id: meta/Llama-3.1-8B-Instruct, base: meta/Meta-Llama-3.1-8B, aliases: [meta/Meta-Llama-3.1-8B-Instruct]}\n  - {id: acme/t, base: meta/meta-llama-3.1-8b-instruct}\n");
        Ancestry byAlias = resolver.GetAncestry("meta/Meta-Llama-3.1-8B-Instruct");
        Assert.Equal("meta/Llama-3.1-8B-Instruct", byAlias.Model);
        Assert.True(byAlias.IsFullyResolved);
        Assert.Contains("meta/Llama-3.1-8B", byAlias.Distances.Keys);
        Assert.Equal("meta/Llama-3.1-8B-Instruct", resolver.NearestSharedAncestor("acme/t", "meta/Meta-Llama-3.1-8B-Instruct"));
        Assert.Same(resolver.GetAncestry("META/LLAMA-3.1-8B-INSTRUCT"), byAlias);
    }

    [Fact]
    public void Roots_are_resolved_and_their_own_ancestry()
    {
        Ancestry root = Resolver(Merges).GetAncestry("r1");
        Assert.True(root.IsFullyResolved);
        Assert.Equal(["r1"], root.Distances.Keys);
    }

    [Fact]
    public void A_model_missing_from_the_registry_is_unresolved_and_its_own_only_ancestor()
    {
        Ancestry unknown = Resolver(Merges).GetAncestry("who/knows");
        UnresolvedModel model = Assert.Single(unknown.Unresolved);
        Assert.Equal("who/knows", model.Id);
        Assert.Null(model.ReferencedAt);
        Assert.Equal(["who/knows"], unknown.Distances.Keys);
    }

    [Fact]
    public void An_entry_with_neither_base_nor_root_is_unresolved_at_the_entry()
    {
        UnresolvedModel model = Assert.Single(Resolver(Merges).GetAncestry("orphan").Unresolved);
        Assert.Equal("orphan", model.Id);
        Assert.Contains("neither", model.Reason);
        Assert.Equal(new SourceLocation("gate.yaml", 12, 10), model.ReferencedAt);
    }

    [Fact]
    public void An_unknown_ancestor_is_unresolved_where_it_is_named()
    {
        UnresolvedModel model = Assert.Single(Resolver(Merges).GetAncestry("lost-ft").Unresolved);
        Assert.Equal("nowhere", model.Id);
        Assert.Equal(new SourceLocation("gate.yaml", 13, 22), model.ReferencedAt);
    }

    [Fact]
    public void Distillation_parents_are_collected_along_the_whole_ancestry()
    {
        LineageResolver resolver = Resolver("  - {id: r, root: true}\n  - {id: d, base: r, distilled-from: [t1]}\n  - {id: s, base: d, distilled-from: [t2]}\n");
        Ancestry s = resolver.GetAncestry("s");
        Assert.Equal(["s<-t2", "d<-t1"], s.BehaviouralParents.Select(p => $"{p.Student}<-{p.Teacher.Value}"));
        Assert.Equal(["t1", "t2"], resolver.UnresolvedBehaviouralParents(s).Select(u => u.Id).Order());
    }

    [Fact]
    public void A_behavioural_match_needs_a_distillation_source_sharing_the_other_sides_init()
    {
        LineageResolver resolver = Resolver("""
              - {id: t-root, root: true}
              - {id: teacher, base: t-root}
              - {id: teacher-sibling, base: t-root}
              - {id: s-root, root: true}
              - {id: distilled, base: s-root, distilled-from: [teacher-sibling]}
              - {id: student, base: distilled}
              - {id: other-root, root: true}
              - {id: innocent, base: s-root, distilled-from: [other-root]}
              - {id: reverse-teacher, base: other-root, distilled-from: [s-root]}
            """);
        BehaviouralMatch? match = resolver.FindBehaviouralMatch(resolver.GetAncestry("teacher"), resolver.GetAncestry("student"), resolver);
        Assert.NotNull(match);
        Assert.Equal(("distilled", "teacher-sibling", "t-root", "student"), (match.DistilledModel, match.Source, match.Shared, match.DistilledSide));

        Assert.Null(resolver.FindBehaviouralMatch(resolver.GetAncestry("teacher"), resolver.GetAncestry("innocent"), resolver));

        BehaviouralMatch? reverse = resolver.FindBehaviouralMatch(resolver.GetAncestry("reverse-teacher"), resolver.GetAncestry("student"), resolver);
        Assert.Equal("teacher", reverse?.DistilledSide);
        Assert.Equal("s-root", reverse?.Shared);
    }
}
