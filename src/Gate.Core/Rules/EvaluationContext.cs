using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Locking;
using Gate.Core.Policy;
using Gate.Core.Repository;
using Gate.Core.Scanning;

namespace Gate.Core.Rules;

/// <summary>
/// Everything the rules read, finished before any rule runs: the workspace, the scan, the lock as
/// committed and the lock entries as <c>gate lock</c> would write them now, every (dataset,
/// teacher, student) with both ancestries, and every mitigation claim judged. Rules only read it.
/// </summary>
internal sealed class EvaluationContext
{
    public EvaluationContext(GateWorkspace workspace, DateOnly today, WorkspaceScan? scan = null, LockFile? lockFile = null, Func<Datasets.Dataset, LockedDataset>? currentEntry = null)
    {
        Scan = scan;
        Lock = lockFile;
        CurrentEntry = currentEntry;
        Root = workspace.Root;
        Listing = workspace.Listing;
        Policy = workspace.Policy;
        Inventory = workspace.Inventory;
        Resolver = workspace.Resolver;
        StudentResolver = workspace.StudentResolver;
        CardWarnings = workspace.Cards.Warnings;
        Today = today;
        Pairs = BuildPairs();
        Mitigations = MitigationAssessor.Assess(this);
    }

    public RepositoryRoot Root { get; }

    /// <summary>The slips in model cards that loading read past (GATE012).</summary>
    public IReadOnlyList<CardWarning> CardWarnings { get; }

    /// <summary>The files below the root, as listed once for the run.</summary>
    public RepositoryListing Listing { get; }

    public GatePolicy Policy { get; }

    public DatasetInventory Inventory { get; }

    public LineageResolver Resolver { get; }

    /// <summary>Resolves students and their ancestors: gate.yaml alone, since model cards are the pull request's to change.</summary>
    public LineageResolver StudentResolver { get; }

    public DateOnly Today { get; }

    /// <summary>The datasets' fingerprints; null when the content was not scanned (the content rules then stay silent).</summary>
    public WorkspaceScan? Scan { get; }

    /// <summary>
    /// The scan, for the rules whose definition <see cref="RuleDefinition.NeedsScan"/>: the evaluator
    /// runs those only when there is one.
    /// </summary>
    public WorkspaceScan RequiredScan => Scan ?? throw new InvalidOperationException("a rule that reads content was evaluated without a scan");

    /// <summary>gate.lock.json as committed; null when there is none.</summary>
    public LockFile? Lock { get; }

    /// <summary>
    /// The lock entry <c>gate lock</c> would write now for a dataset, built when GATE006 asks (one at a
    /// time, so a check of many datasets never holds a second whole lock); null when GATE006 is off.
    /// </summary>
    public Func<Datasets.Dataset, LockedDataset>? CurrentEntry { get; }

    /// <summary>Every (dataset, teacher, student) in dataset, teacher, student order.</summary>
    public IReadOnlyList<LineagePair> Pairs { get; }

    /// <summary>Every mitigation claim of every dataset, judged once (shared by the rules and the evaluator).</summary>
    public IReadOnlyList<MitigationAssessment> Mitigations { get; }

    /// <summary>The students of a dataset: its manifest's, else every student of the policy.</summary>
    public IReadOnlyList<Located<string>> StudentsOf(Dataset dataset) =>
        DatasetStudents.Of(dataset, Policy);

    private List<LineagePair> BuildPairs()
    {
        var pairs = new List<LineagePair>();
        var seen = new HashSet<(string Dataset, string Teacher, string Student)>();
        foreach (Dataset dataset in Inventory.Datasets.Where(d => d.Manifest is not null))
        {
            foreach (Located<string> teacher in dataset.Manifest!.Teachers)
            {
                foreach (Located<string> student in StudentsOf(dataset))
                {
                    // The same model named twice (or once by an alias) is one pair, one finding.
                    var key = (dataset.Path, ModelId.Key(Resolver.Registry.Canonical(teacher.Value)), ModelId.Key(Resolver.Registry.Canonical(student.Value)));
                    if (seen.Add(key))
                    {
                        var pair = new LineagePair(dataset, teacher, student, Resolver.GetAncestry(teacher.Value), StudentResolver.GetAncestry(student.Value));
                        pairs.Add(pair.SharedAncestor is null
                            ? pair with { BehaviouralMatch = Resolver.FindBehaviouralMatch(pair.TeacherAncestry, pair.StudentAncestry, StudentResolver) }
                            : pair);
                    }
                }
            }
        }

        return pairs;
    }
}
