using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
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
    private GateWorkspace(RepositoryRoot root, RepositoryListing listing, GatePolicy policy, IReadOnlyList<LineageManifest> manifests, ModelRegistry registry, DatasetInventory inventory)
    {
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
                .Append(Locking.LockFile.FileName)
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
        ModelRegistry registry = LoadRegistry(root, files, policy, errors);
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

        ModelRegistry registry = LoadRegistry(root, files, policy, errors);
        CheckStudentsNarrow(policy, manifests, registry, errors);
        DatasetInventory inventory = DatasetDiscovery.Discover(root, listing, policy, manifests, errors);
        errors.ThrowIfAny();
        return new GateWorkspace(root, listing, policy, manifests, registry, inventory);
    }

    /// <summary>The model cards the policy selects, then the registry of the policy's models and the cards.</summary>
    private static ModelRegistry LoadRegistry(RepositoryRoot root, IReadOnlyList<string> files, GatePolicy policy, InputErrorSink errors)
    {
        IReadOnlyList<ModelDeclaration> cards = ModelCardReader.ReadAll(root, files, policy.ModelCards, errors);
        return ModelRegistry.Build(policy, cards, errors);
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
