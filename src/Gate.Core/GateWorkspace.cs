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
public sealed class GateWorkspace
{
    private GateWorkspace(RepositoryRoot root, RepositoryListing listing, GatePolicy policy, IReadOnlyList<LineageManifest> manifests, ModelRegistry registry, DatasetInventory inventory)
    {
        Root = root;
        Listing = listing;
        Policy = policy;
        Manifests = manifests;
        Registry = registry;
        Resolver = new LineageResolver(registry);
        Inventory = inventory;
    }

    public RepositoryRoot Root { get; }

    /// <summary>The files below the root as loading found them; scanning and locking use it instead of walking the tree again.</summary>
    public RepositoryListing Listing { get; }

    public GatePolicy Policy { get; }

    public IReadOnlyList<LineageManifest> Manifests { get; }

    public ModelRegistry Registry { get; }

    public LineageResolver Resolver { get; }

    public DatasetInventory Inventory { get; }

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
        IReadOnlyList<string> files = listing.Files;
        IReadOnlyList<LineageManifest> manifests = ManifestLoader.LoadAll(root, files, errors);
        if (loaded is not { } policy)
        {
            errors.ThrowIfAny();
            throw new InvalidOperationException("the policy failed to load without an error");
        }

        ModelRegistry registry = LoadRegistry(root, files, policy, errors);
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
