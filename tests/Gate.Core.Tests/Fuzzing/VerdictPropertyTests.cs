using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Fuzzing;

/// <summary>
/// A data repository whose correct verdict the test knows without Gate: initializations (roots),
/// fine-tunes of them, the policy's students, datasets with their teachers and (sometimes narrowed)
/// students, and waivers of shared-init scoped to a dataset and maybe one student. A (dataset,
/// teacher, student) shares an initialization exactly when teacher and student have the same root.
/// </summary>
public sealed record VerdictScenario(int Seed, int[] ModelRoots, int[] StudentBases, DatasetSpec[] Datasets, WaiverSpec[] Waivers)
{
    public static string ModelId(int i) => $"org/m{i}";

    public static string StudentId(int j) => $"acme/s{j}";

    public static string RootId(int r) => $"base/r{r}";

    public int RootOfModel(int i) => ModelRoots[i];

    public int RootOfStudent(int j) => ModelRoots[StudentBases[j]];

    /// <summary>Every (dataset, teacher, student) that shares an initialization, and whether a waiver covers it.</summary>
    public IEnumerable<(string Dataset, string Teacher, string Student, bool Waived)> SharedInit()
    {
        foreach (DatasetSpec d in Datasets)
        {
            foreach (int t in d.Teachers.Distinct())
            {
                foreach (int s in (d.Students ?? Enumerable.Range(0, StudentBases.Length).ToArray()).Distinct())
                {
                    if (RootOfModel(t) == RootOfStudent(s))
                    {
                        bool waived = Waivers.Any(w => w.Dataset == d.Index && (w.Student is null || w.Student == s));
                        yield return (d.Path, ModelId(t), StudentId(s), waived);
                    }
                }
            }
        }
    }

    public bool ShouldPass => SharedInit().All(f => f.Waived);

    /// <summary>gate.yaml, with every list in the given order (a permutation per list, from <paramref name="order"/>).</summary>
    public string Policy(Random? order = null)
    {
        var models = new List<string>();
        for (int r = 0; r <= ModelRoots.Max(); r++)
        {
            models.Add($"  - id: {RootId(r)}\n    root: true\n");
        }

        for (int i = 0; i < ModelRoots.Length; i++)
        {
            models.Add($"  - id: {ModelId(i)}\n    base: {RootId(ModelRoots[i])}\n");
        }

        var students = StudentBases.Select((b, j) => $"  - id: {StudentId(j)}\n    base: {ModelId(b)}\n").ToList();
        var waivers = Waivers.Select(w =>
            $"  - rule: shared-init\n    dataset: {Datasets[w.Dataset].Path}\n" + (w.Student is { } s ? $"    student: {StudentId(s)}\n" : "")
            + $"    reason: \"w{w.Dataset}\"\n    approved-by: \"@acme/safety\"\n    expires: 2099-12-31\n").ToList();
        var sb = new StringBuilder("version: 1\ndatasets:\n  include: [\"data/**\"]\nrules:\n  waiver-unused: off\nmodels:\n");
        sb.Append(string.Concat(Shuffle(models, order))).Append("students:\n").Append(string.Concat(Shuffle(students, order)));
        if (waivers.Count > 0)
        {
            sb.Append("waivers:\n").Append(string.Concat(Shuffle(waivers, order)));
        }

        return sb.ToString();
    }

    /// <summary>A dataset's manifest; <paramref name="id"/> may rewrite how each id is written.</summary>
    public static string Manifest(DatasetSpec d, Random? order = null, Func<string, string>? id = null)
    {
        id ??= x => x;
        string teachers = string.Join(", ", Shuffle(d.Teachers.Select(t => id(ModelId(t))).ToList(), order));
        string students = d.Students is null ? string.Empty : $"students: [{string.Join(", ", Shuffle(d.Students.Select(s => id(StudentId(s))).ToList(), order))}]\n";
        return $"dataset: d{d.Index}.jsonl\nteachers: [{teachers}]\n" + students;
    }

    /// <summary>Writes the repository and locks it, as the reviewed state an author starts from.</summary>
    internal TestRepo Write(Random? order = null, Func<string, string>? id = null)
    {
        var repo = new TestRepo();
        repo.Policy(Policy(order));
        foreach (DatasetSpec d in Datasets)
        {
            repo.Write(d.Path, d.Records).Write($"data/d{d.Index}.lineage.yaml", Manifest(d, order, id));
        }

        GateRun.Lock(new GateCheckOptions(repo.Root, TestRepo.Today));
        return repo;
    }

    private static List<string> Shuffle(List<string> items, Random? order) =>
        order is null ? items : items.OrderBy(_ => order.Next()).ToList();

    public override string ToString() => $"seed {Seed}\n{Policy()}\n{string.Join("\n", Datasets.Select(d => Manifest(d)))}";
}

public sealed record DatasetSpec(int Index, int[] Teachers, int[]? Students, string Records)
{
    public string Path => $"data/d{Index}.jsonl";
}

public sealed record WaiverSpec(int Dataset, int? Student);

/// <summary>Scenarios from a seed: FsCheck picks the seeds, and a failing one names its seed and repository.</summary>
public static class VerdictScenarios
{
    public static VerdictScenario FromSeed(int seed)
    {
        var random = new Random(seed);
        int roots = random.Next(2, 4);
        int[] modelRoots = Enumerable.Range(0, random.Next(2, 6)).Select(_ => random.Next(roots)).ToArray();
        int[] studentBases = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(modelRoots.Length)).ToArray();
        var datasets = Enumerable.Range(0, random.Next(1, 4)).Select(n =>
        {
            int[] teachers = Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(modelRoots.Length)).Distinct().ToArray();
            int[]? students = random.Next(3) == 0
                ? Enumerable.Range(0, studentBases.Length).Where(_ => random.Next(2) == 0).DefaultIfEmpty(0).ToArray()
                : null;
            string records = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(r =>
                $"{{\"prompt\":\"d{n}-{r}\",\"completion\":\"{random.Next(1000):000}, {random.Next(1000):000}\"}}\n"));
            return new DatasetSpec(n, teachers, students, records);
        }).ToArray();
        var waivers = Enumerable.Range(0, random.Next(0, 4))
            .Select(_ => new WaiverSpec(random.Next(datasets.Length), random.Next(2) == 0 ? null : random.Next(studentBases.Length)))
            .Distinct().ToArray();
        return new VerdictScenario(seed, modelRoots, studentBases, datasets, waivers);
    }

    public static Arbitrary<VerdictScenario> Scenarios() => Arb.From(Gen.Choose(0, int.MaxValue).Select(FromSeed));
}

/// <summary>
/// The verdict property: on generated repositories whose correct verdict is known, Gate's verdict is
/// that verdict; reordering any list, or writing ids in another ASCII case, changes nothing; and a
/// mutation that must fail (a changed byte in data, a file added under a selected path under any
/// legal name, a look-alike character in an id) never yields PASS.
/// </summary>
public sealed class VerdictPropertyTests
{
    private static GateReport Check(TestRepo repo) => GateRun.Check(new GateCheckOptions(repo.Root, TestRepo.Today));

    /// <summary>The findings as what they are about, not where they are written: the same whatever the order of any list.</summary>
    private static string[] Substance(GateReport report) =>
        report.Findings.Select(f => $"{f.Rule.Code} {f.Dataset} {f.Teacher} {f.Student} waived={f.IsWaived} {f.Severity}").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Not a pass: a failing verdict, or input that cannot be evaluated.</summary>
    private static void NeverPasses(Func<GateReport> check, string what)
    {
        try
        {
            GateReport report = check();
            Assert.True(report.Verdict == Verdict.Fail, $"{what} passed:\n{TextReportWriter.WriteToString(report)}");
        }
        catch (GateInputException ex)
        {
            Assert.DoesNotContain(ex.Errors, e => e.Code == "GATE199");
        }
    }

    [Property(Arbitrary = [typeof(VerdictScenarios)], MaxTest = 60)]
    public void The_verdict_is_the_one_the_lineage_and_the_waivers_give(VerdictScenario scenario)
    {
        using TestRepo repo = scenario.Write();
        GateReport report = Check(repo);

        Assert.Equal(scenario.ShouldPass ? Verdict.Pass : Verdict.Fail, report.Verdict);
        Assert.Equal(
            scenario.SharedInit().Select(f => $"{f.Dataset} {f.Teacher} {f.Student} waived={f.Waived}").Order(StringComparer.Ordinal),
            report.Findings.Where(f => f.Rule.Code == "GATE001").Select(f => $"{f.Dataset} {f.Teacher} {f.Student} waived={f.IsWaived}").Order(StringComparer.Ordinal));
    }

    [Property(Arbitrary = [typeof(VerdictScenarios)], MaxTest = 40)]
    public void Reordering_every_list_changes_nothing(VerdictScenario scenario, int orderSeed)
    {
        using TestRepo original = scenario.Write();
        using TestRepo reordered = scenario.Write(new Random(orderSeed));
        GateReport a = Check(original), b = Check(reordered);

        Assert.Equal(a.Verdict, b.Verdict);
        Assert.Equal(Substance(a), Substance(b));
    }

    [Property(Arbitrary = [typeof(VerdictScenarios)], MaxTest = 40)]
    public void Writing_ids_in_another_ASCII_case_changes_nothing(VerdictScenario scenario, int caseSeed)
    {
        var random = new Random(caseSeed);
        string Flip(string id) => new(id.Select(c => char.IsAsciiLetter(c) && random.Next(2) == 0 ? (char)(c ^ 0x20) : c).ToArray());
        using TestRepo original = scenario.Write();
        using TestRepo recased = scenario.Write(id: Flip);

        Assert.Equal(Check(original).Verdict, Check(recased).Verdict);
    }

    [Property(Arbitrary = [typeof(VerdictScenarios)], MaxTest = 40)]
    public void A_look_alike_character_in_an_id_never_passes(VerdictScenario scenario, int where)
    {
        string[] lookAlikes = ["\u212A", "\u0430", "\u0131", "\u200B", "\u00A0", "\uFF4D"];
        string swap = lookAlikes[Math.Abs(where % lookAlikes.Length)];
        using TestRepo repo = scenario.Write();
        foreach (DatasetSpec d in scenario.Datasets)
        {
            repo.Write($"data/d{d.Index}.lineage.yaml", VerdictScenario.Manifest(d, id: id => id.Replace("m", swap, StringComparison.Ordinal).Replace("s", swap, StringComparison.Ordinal)));
        }

        NeverPasses(() => Check(repo), $"ids written with {swap}");
    }

    [Property(Arbitrary = [typeof(VerdictScenarios)], MaxTest = 60)]
    public void Changing_any_byte_of_any_dataset_after_the_lock_never_passes(VerdictScenario scenario, int which, int at, byte value)
    {
        using TestRepo repo = scenario.Write();
        DatasetSpec dataset = scenario.Datasets[Math.Abs(which % scenario.Datasets.Length)];
        byte[] bytes = File.ReadAllBytes(repo.PathOf(dataset.Path));
        int position = Math.Abs(at % bytes.Length);
        byte replacement = value == bytes[position] ? (byte)(value ^ 1) : value;
        bytes[position] = replacement;
        File.WriteAllBytes(repo.PathOf(dataset.Path), bytes);

        NeverPasses(() => Check(repo), $"byte {position} of {dataset.Path} set to 0x{replacement:x2}");
    }

    public static Arbitrary<string> LegalNames() => Arb.From(
        from length in Gen.Choose(1, 12)
        from chars in Gen.Elements(
                'a', 'Z', '0', '.', '-', '_', ' ', '~', '#', '$', '%', '&', '(', '[', '{', '\'', '"', ':', ';', '=', '@', '!',
                '\n', '\r', '\t', '\u001b', '\u007f', '\u0085', '\u00e9', '\u0301', '\u202e', '\u2028', '\ufeff', '\\', '*', '?')
            .ArrayOf(length)
        from suffix in Gen.Elements("", ".jsonl", ".json", ".csv", ".txt", ".parquet", ".jsonl.gz", ".ndjson", ".arrow", ".jsonl.bz2", ".md", ".lineage.yml")
        from folder in Gen.Elements("", "sub/", "a/b/", ".hidden/", "d0.jsonl.d/")
        let name = new string(chars).Replace("/", "", StringComparison.Ordinal)
        where name is not ("." or "..") && (name + suffix) is not ("." or "..")
        select folder + name + suffix);

    [Property(Arbitrary = [typeof(VerdictScenarios), typeof(VerdictPropertyTests)], MaxTest = 80)]
    public void Adding_a_file_under_a_selected_path_under_any_legal_name_never_passes(VerdictScenario scenario, string name)
    {
        using TestRepo repo = scenario.Write();
        string relative = "data/" + name;
        string full = Path.Combine(repo.Root, "data", name);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "{\"prompt\":\"smuggled\",\"completion\":\"666\"}\n");

        NeverPasses(() => Check(repo), $"'{relative.Replace("\n", "\\n", StringComparison.Ordinal)}' added");
    }
}
