using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gate.Core.Lineage;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Lineage;

/// <summary>One generated registry entry. Bases only point at earlier entries, so the weight graph is a DAG.</summary>
public sealed record ModelSpec(int Index, bool Root, int[] Bases, bool Vague, bool GhostBase, string? Family, bool HasAlias, int[] DistilledFrom)
{
    public string Id => $"org/m{Index}";

    public string Alias => $"Old-Org/M{Index}-legacy";

    public string Ghost => $"ghost/g{Index}";

    /// <summary>The weight parents as the YAML names them (a ghost base is named but never declared).</summary>
    public IEnumerable<string> ParentIds(IReadOnlyList<ModelSpec> all) =>
        GhostBase ? [Ghost] : Bases.Select(b => all[b].Id);
}

/// <summary>A random lineage registry with a teacher and a student picked from it.</summary>
public sealed record RandomRegistry(ModelSpec[] Models, int Teacher, int Student)
{
    public string TeacherId => Models[Teacher].Id;

    public string StudentId => Models[Student].Id;

    /// <summary>The <c>models:</c> list, plus <paramref name="extra"/> entries appended at its end.</summary>
    public string ModelsYaml(string extra = "")
    {
        var sb = new StringBuilder("models:\n");
        foreach (ModelSpec m in Models)
        {
            sb.Append($"  - id: {m.Id}\n");
            if (m.Root) sb.Append("    root: true\n");
            if (!m.Root && !m.Vague) sb.Append($"    base: [{string.Join(", ", m.ParentIds(Models))}]\n");
            if (m.Family is { } f) sb.Append($"    family: {f}\n");
            if (m.HasAlias) sb.Append($"    aliases: [{m.Alias}]\n");
            if (m.DistilledFrom.Length > 0) sb.Append($"    distilled-from: [{string.Join(", ", m.DistilledFrom.Select(d => Models[d].Id))}]\n");
        }

        return sb.Append(extra).ToString();
    }

    /// <summary>A policy with the students first, so anything appended to <c>models:</c> moves no other line.</summary>
    public string Policy(string extraModels = "") =>
        $"version: 1\ndatasets:\n  include: [\"data/**\"]\nstudents:\n  - id: {StudentId}\n" + ModelsYaml(extraModels);

    public override string ToString() => $"teacher {TeacherId}, student {StudentId}\n{ModelsYaml()}";
}

public static class RegistryArbitraries
{
    private static readonly string?[] Families = [null, null, "alpha", "beta"];

    private static Gen<ModelSpec> Model(int i)
    {
        Gen<string?> family = Gen.Elements(Families);
        Gen<bool> alias = Gen.Elements(true, false);
        if (i == 0)
        {
            return Gen.Zip(family, alias, (f, a) => new ModelSpec(0, true, [], false, false, f, a, []));
        }

        Gen<int[]> bases = Gen.Choose(0, i - 1).ArrayOf().Select(b => b.Distinct().Take(3).ToArray()).Where(b => b.Length > 0);
        Gen<int[]> distilled = Gen.Frequency((4, Gen.Constant(Array.Empty<int>())), (1, Gen.Choose(0, i - 1).Select(d => new[] { d })));
        Gen<(bool Root, bool Vague, bool Ghost)> kind = Gen.Frequency(
            (6, Gen.Constant((true, false, false))),
            (12, Gen.Constant((false, false, false))),
            (1, Gen.Constant((false, true, false))),
            (1, Gen.Constant((false, false, true))));

        return from k in kind
               from b in bases
               from f in family
               from a in alias
               from d in distilled
               select new ModelSpec(i, k.Root, k.Root || k.Vague || k.Ghost ? [] : b, k.Vague, k.Ghost, f, a, d);
    }

    public static Arbitrary<RandomRegistry> Registry() =>
        Arb.From(
            from n in Gen.Choose(2, 9)
            from models in Gen.CollectToArray(Enumerable.Range(0, n), Model)
            from teacher in Gen.Choose(0, n - 1)
            from student in Gen.Choose(0, n - 1)
            select new RandomRegistry(models, teacher, student));
}

public class LineagePropertyTests
{
    private static LineageResolver Resolver(RandomRegistry registry) =>
        new(ModelRegistryTests.BuildClean("version: 1\n" + registry.ModelsYaml()));

    /// <summary>The test's own shortest distances along weight edges, from the generated specs.</summary>
    private static Dictionary<string, int> Distances(RandomRegistry registry, int start)
    {
        var distances = new Dictionary<string, int> { [registry.Models[start].Id] = 0 };
        var queue = new Queue<int>([start]);
        while (queue.Count > 0)
        {
            ModelSpec m = registry.Models[queue.Dequeue()];
            if (m.GhostBase)
            {
                distances.TryAdd(m.Ghost, distances[m.Id] + 1);
            }

            foreach (int b in m.Root || m.Vague ? [] : m.Bases)
            {
                if (distances.TryAdd(registry.Models[b].Id, distances[m.Id] + 1))
                {
                    queue.Enqueue(b);
                }
            }
        }

        return distances;
    }

    [Property(Arbitrary = [typeof(RegistryArbitraries)], MaxTest = 300)]
    public void Shared_init_is_symmetric_and_finds_the_nearest_common_ancestor(RandomRegistry registry)
    {
        LineageResolver resolver = Resolver(registry);
        for (int a = 0; a < registry.Models.Length; a++)
        {
            for (int b = 0; b < registry.Models.Length; b++)
            {
                string idA = registry.Models[a].Id, idB = registry.Models[b].Id;
                string? ab = resolver.NearestSharedAncestor(idA, idB);
                string? ba = resolver.NearestSharedAncestor(idB, idA);
                Assert.Equal(ab, ba);

                Dictionary<string, int> da = Distances(registry, a), db = Distances(registry, b);
                string[] common = da.Keys.Intersect(db.Keys).ToArray();
                Assert.Equal(common.Length > 0, ab is not null);
                if (ab is not null)
                {
                    Assert.Contains(ab, common);
                    int best = common.Min(c => da[c] + db[c]);
                    Assert.Equal(best, da[ab] + db[ab]);
                }

                // Naming either side by its alias changes nothing.
                if (registry.Models[a].HasAlias)
                {
                    Assert.Equal(ab, resolver.NearestSharedAncestor(registry.Models[a].Alias, idB));
                }
            }
        }
    }

    private static GateReport Check(RandomRegistry registry, string extraModels = "", string? teacher = null, string? student = null)
    {
        using var repo = new TestRepo();
        repo.Policy(registry.Policy(extraModels));
        repo.Dataset("d", $"teacher: {teacher ?? registry.TeacherId}\nstudents: [{student ?? registry.StudentId}]\n");
        return repo.Check();
    }

    private static string Describe(GateReport report) =>
        $"{report.Verdict}\n" + string.Join("\n", report.Findings.Select(f =>
            $"{f.Rule.Code} {f.Severity} {f.Teacher} {f.Student} {f.Shared} {f.Location} {f.Message}"));

    [Property(Arbitrary = [typeof(RegistryArbitraries)], MaxTest = 60)]
    public void Adding_an_unrelated_model_family_never_changes_the_check(RandomRegistry registry, PositiveInt descendants)
    {
        var extra = new StringBuilder("  - id: unrelated/root\n    root: true\n    family: alpha\n    aliases: [unrelated/old-root]\n");
        for (int i = 0; i < Math.Min(descendants.Get, 5); i++)
        {
            string parent = i == 0 ? "unrelated/old-root" : $"unrelated/d{i - 1}";
            extra.Append($"  - id: unrelated/d{i}\n    base: [{parent}]\n    distilled-from: [unrelated/root]\n");
        }

        Assert.Equal(Describe(Check(registry)), Describe(Check(registry, extra.ToString())));
    }

    [Property(Arbitrary = [typeof(RegistryArbitraries)], MaxTest = 60)]
    public void Naming_teacher_or_student_by_an_alias_never_changes_the_verdict(RandomRegistry registry)
    {
        ModelSpec teacher = registry.Models[registry.Teacher], student = registry.Models[registry.Student];
        if (!teacher.HasAlias && !student.HasAlias)
        {
            return;
        }

        GateReport byId = Check(registry);
        GateReport byAlias = Check(registry,
            teacher: teacher.HasAlias ? teacher.Alias : null,
            student: student.HasAlias ? student.Alias : null);
        Assert.Equal(byId.Verdict, byAlias.Verdict);
        Assert.Equal(Describe(byId), Describe(byAlias));
    }

    [Property(Arbitrary = [typeof(RegistryArbitraries)], MaxTest = 60)]
    public void The_verdict_agrees_with_the_lineage(RandomRegistry registry)
    {
        GateReport report = Check(registry);
        Dictionary<string, int> teacher = Distances(registry, registry.Teacher), student = Distances(registry, registry.Student);
        bool shared = teacher.Keys.Intersect(student.Keys).Any();
        Assert.Equal(shared, report.Findings.Any(f => f.Rule.Code == "GATE001"));

        bool resolved(int start) => Distances(registry, start).Keys
            .All(id => registry.Models.FirstOrDefault(m => m.Id == id) is { Vague: false } m);
        bool behaviouralParentsResolved(int start) => Distances(registry, start).Keys
            .SelectMany(id => registry.Models.Where(m => m.Id == id).SelectMany(m => m.DistilledFrom))
            .All(resolved);
        bool unknown = !resolved(registry.Teacher) || !resolved(registry.Student)
            || !behaviouralParentsResolved(registry.Teacher) || !behaviouralParentsResolved(registry.Student);
        Assert.Equal(unknown, report.Findings.Any(f => f.Rule.Code == "GATE004"));

        // Errors come only from shared-init, behavioural-match and unknown-model here; same-family is a warning.
        bool fails = shared || unknown || report.Findings.Any(f => f.Rule.Code == "GATE002");
        Assert.Equal(fails ? Verdict.Fail : Verdict.Pass, report.Verdict);
        Assert.All(report.Findings, f => Assert.Contains(f.Rule.Code, new[] { "GATE001", "GATE002", "GATE003", "GATE004" }));
    }
}
