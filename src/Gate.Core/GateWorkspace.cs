using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Locking;
using Gate.Core.Manifests;
using Gate.Core.Policy;
using Gate.Core.Repository;

namespace Gate.Core;

/// <summary>
/// Everything loaded from a checked folder before any rule runs: the policy, the manifests, the
/// model cards, the lineage registry and the datasets. Loading reports every input error it finds
/// in one <see cref="GateInputException"/>.
/// </summary>
internal sealed class GateWorkspace
{
    private GateWorkspace(RepositoryRoot root, RepositoryListing listing, GatePolicy policy, IReadOnlyList<LineageManifest> manifests, ModelCardSet cards, LockFile? recordedLock, ModelRegistry registry, DatasetInventory inventory)
    {
        Cards = cards;
        RecordedLock = recordedLock;
        Root = root;
        Listing = listing;
        Policy = policy;
        Manifests = manifests;
        Registry = registry;
        Resolver = new LineageResolver(registry);
        StudentResolver = new LineageResolver(registry.WithoutModelCards());
        Inventory = inventory;
    }

    public RepositoryRoot Root { get; }

    /// <summary>The files below the root as loading found them; scanning and locking use it instead of walking the tree again.</summary>
    public RepositoryListing Listing { get; }

    public GatePolicy Policy { get; }

    public IReadOnlyList<LineageManifest> Manifests { get; }

    public ModelRegistry Registry { get; }

    /// <summary>What the model cards say, kept so the registry can be rebuilt with new Hub answers.</summary>
    public ModelCardSet Cards { get; }

    /// <summary>The lock as committed, when loading needed it (the Hub's recorded answers); null otherwise or when there is none.</summary>
    public LockFile? RecordedLock { get; }

    /// <summary>Every model id the lineage questions start from: the registry's models, students, teachers and rewriters.</summary>
    public IReadOnlyList<string> LineageSeeds =>
        Policy.Models.Select(m => m.Id.Value)
            .Concat(Policy.Students.Select(s => s.Id.Value))
            .Concat(Manifests.SelectMany(m => m.Teachers.Concat(m.Students ?? []).Select(t => t.Value)))
            .Concat(Manifests.SelectMany(m => m.Mitigations).Select(c => c.Field(MitigationClaim.RewriterField)?.Value).OfType<string>())
            .Distinct(ModelId.Comparer)
            .ToArray();

    /// <summary>The same workspace with the registry rebuilt on <paramref name="hub"/>, the Hub's answers <c>gate lock</c> just resolved.</summary>
    public GateWorkspace WithHubAnswers(IReadOnlyList<LockedHubModel> hub)
    {
        var errors = new InputErrorSink();
        ModelRegistry registry = ModelRegistry.Build(Policy, Cards, hub, errors);
        errors.ThrowIfAny();
        return new GateWorkspace(Root, Listing, Policy, Manifests, Cards, RecordedLock, registry, Inventory);
    }

    public LineageResolver Resolver { get; }

    /// <summary>Resolves the students' side: gate.yaml's registry alone, model cards left out (<see cref="ModelRegistry.WithoutModelCards"/>).</summary>
    public LineageResolver StudentResolver { get; }

    public DatasetInventory Inventory { get; }

    /// <summary>
    /// Every file the run reads, as paths relative to the root: the policy (when inside) and the
    /// lock, every manifest and model card, every file of every dataset, evidence and references.
    /// </summary>
    public IEnumerable<string> InputFiles
    {
        get
        {
            var globs = Policy.ModelCards;
            string[] references = Manifests.Select(m => m.Reference).OfType<string>().ToArray();
            return Listing.Files.Where(f =>
                    f.EndsWith(LineageManifest.Suffix, StringComparison.Ordinal)
                    || globs.Any(g => g.Value.IsMatch(f))
                    || references.Any(r => f == r || f.StartsWith(r + "/", StringComparison.Ordinal)))
                .Concat(Inventory.Datasets.SelectMany(d => d.Files))
                .Concat(Manifests.SelectMany(m => m.SupportingFiles))
                .Append(GatePolicy.DefaultFileName)
                .Append(LockFile.FileName)
                .Append(Policy.File)
                .Distinct(StringComparer.Ordinal);
        }
    }

    /// <summary>Loads only the policy, model cards and registry (for <c>gate lineage</c>).</summary>
    public static (GatePolicy Policy, ModelRegistry Registry) LoadLineage(string directory, string? policyPath, CancellationToken cancellationToken = default)
    {
        RepositoryRoot root = OpenRoot(directory);
        GatePolicy policy = LoadPolicy(root, policyPath);
        var errors = new InputErrorSink();
        IReadOnlyList<string> files = policy.ModelCards.Count == 0 ? [] : root.EnumerateFiles(cancellationToken);
        LockFile? recorded = ReadLockForHub(root, policy, errors);
        var (_, registry) = LoadRegistry(root, files, policy, recorded, errors);
        errors.ThrowIfAny();
        return (policy, registry);
    }

    public static GateWorkspace Load(string directory, string? policyPath, CancellationToken cancellationToken = default)
    {
        RepositoryRoot root = OpenRoot(directory);
        var errors = new InputErrorSink();
        GatePolicy? loaded = null;
        try
        {
            loaded = LoadPolicy(root, policyPath);
        }
        catch (GateInputException ex)
        {
            // Keep going: the manifests do not depend on the policy, and one run should report every mistake.
            errors.AddRange(ex.Errors);
        }

        RepositoryListing listing = root.List(cancellationToken);
        foreach (UnsafeName name in listing.UnsafeNames)
        {
            errors.Add(InputErrorKind.UnsafeName,
                $"the name '{name.Path}' holds the character {name.Character}, which Gate refuses in file and folder names (it could forge a log line or look like another name); rename it",
                SourceLocation.WholeFile(name.Path));
        }

        IReadOnlyList<string> files = listing.Files;
        IReadOnlyList<LineageManifest> manifests = ManifestLoader.LoadAll(root, files, errors);
        if (loaded is not { } policy)
        {
            errors.ThrowIfAny();
            throw new InvalidOperationException("the policy failed to load without an error");
        }

        LockFile? recorded = ReadLockForHub(root, policy, errors);
        var (cards, registry) = LoadRegistry(root, files, policy, recorded, errors);
        CheckStudentsNarrow(policy, manifests, registry, errors);
        DatasetInventory inventory = DatasetDiscovery.Discover(root, listing, policy, manifests, errors);
        errors.ThrowIfAny();
        return new GateWorkspace(root, listing, policy, manifests, cards, recorded, registry, inventory);
    }

    /// <summary>The model cards the policy selects, then the registry of the policy's models, the catalog, the cards and the lock's Hub answers.</summary>
    private static (ModelCardSet Cards, ModelRegistry Registry) LoadRegistry(RepositoryRoot root, IReadOnlyList<string> files, GatePolicy policy, LockFile? recorded, InputErrorSink errors)
    {
        ModelCardSet cards = ModelCardReader.ReadAll(root, files, policy.ModelCards, errors);
        return (cards, ModelRegistry.Build(policy, cards, recorded?.Models ?? [], errors));
    }

    /// <summary>With <c>hub:</c> on, the lock holds the Hub's answers that lineage rests on, so it is read now (strictly, as always).</summary>
    private static LockFile? ReadLockForHub(RepositoryRoot root, GatePolicy policy, InputErrorSink errors)
    {
        if (policy.Hub is null)
        {
            return null;
        }

        try
        {
            return ReadLock(root);
        }
        catch (GateInputException ex)
        {
            errors.AddRange(ex.Errors);
            return null;
        }
    }

    /// <summary>gate.lock.json as committed, or null when there is none; a link leading out of the folder is refused.</summary>
    public static LockFile? ReadLock(RepositoryRoot root)
    {
        if (root.LinkLeavingRoot(LockFile.FileName, LockFile.FileName) is { } outside)
        {
            throw new GateInputException(outside);
        }

        return LockFileReader.ReadIfExists(root.ToFullPath(LockFile.FileName), LockFile.FileName);
    }

    /// <summary>
    /// A manifest's <c>students:</c> narrows the policy's students; it cannot replace them with
    /// models the policy does not train (that would let a pull request choose whom its data is
    /// checked against). When the policy declares students, each manifest student must be one of them.
    /// </summary>
    private static void CheckStudentsNarrow(GatePolicy policy, IReadOnlyList<LineageManifest> manifests, ModelRegistry registry, InputErrorSink errors)
    {
        if (policy.Students.Count == 0)
        {
            return;
        }

        foreach (LineageManifest manifest in manifests)
        {
            foreach (Located<string> student in manifest.Students ?? [])
            {
                if (!policy.Students.Any(s => registry.SameModel(s.Id.Value, student.Value)))
                {
                    errors.Add(InputErrorKind.InvalidValue,
                        $"the student '{student.Value}' is not one of the students {policy.File} declares ({string.Join(", ", policy.Students.Select(s => s.Id.Value))}); a manifest can narrow the policy's students, not name others: remove it, or add it to 'students' in {policy.File}",
                        student.Location);
                }
            }
        }
    }

    private static RepositoryRoot OpenRoot(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new GateInputException(new InputError(InputErrorKind.FileNotReadable,
                $"the folder '{directory}' does not exist", null));
        }

        return new RepositoryRoot(directory);
    }

    private static GatePolicy LoadPolicy(RepositoryRoot root, string? policyPath)
    {
        string full = policyPath is null ? root.ToFullPath(GatePolicy.DefaultFileName) : Path.GetFullPath(policyPath);
        string display = root.ToRelative(full) ?? full;
        if (!File.Exists(full))
        {
            string hint = policyPath is null ? "; run 'gate init' to write a starter policy, or pass --policy" : string.Empty;
            throw new GateInputException(new InputError(InputErrorKind.FileNotReadable, $"no policy file at {display}{hint}", SourceLocation.WholeFile(display)));
        }

        // An explicit --policy may live anywhere (a central policy); the folder's own gate.yaml may not lead out of it.
        if (policyPath is null && !root.IsInsideAfterLinks(GatePolicy.DefaultFileName))
        {
            throw new GateInputException(new InputError(InputErrorKind.PathOutsideRepository,
                "gate.yaml is a link that leads outside the checked folder; Gate does not follow it (pass --policy to use a policy kept elsewhere)", SourceLocation.WholeFile(display)));
        }

        return PolicyLoader.Load(full, display);
    }
}
