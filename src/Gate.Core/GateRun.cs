using Gate.Core.IO;
using Gate.Core.Lineage;
using Gate.Core.Locking;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;
using Gate.Core.Scanning;

namespace Gate.Core;

/// <summary>The gate's main jobs: load, scan, resolve, evaluate, report; and lock. Hosts call these and translate the result.</summary>
public static class GateRun
{
    /// <summary>Evaluates a folder. Throws <see cref="Diagnostics.GateInputException"/> when it cannot be evaluated.</summary>
    public static GateReport Check(GateCheckOptions options, CancellationToken cancellationToken = default)
    {
        GateWorkspace workspace = GateWorkspace.Load(options.Directory, options.PolicyPath, cancellationToken);
        OutputGuard.EnsureNoneIsInput(workspace, options.Outputs);
        bool content = RuleCatalog.ScannerRules.Any(rule => IsOn(workspace.Policy, rule));
        WorkspaceScan? scan = content
            ? WorkspaceScan.Run(workspace.Root, workspace.Listing, workspace.Inventory, IsOn(workspace.Policy, DivergenceRule.Definition), options.Scan,
                keepRecordHashes: IsOn(workspace.Policy, UndeclaredTeacherRule.Definition), cancellationToken)
            : null;
        LockFile? lockFile = content ? ReadLock(workspace) : null;
        LockFile? current = scan is not null && IsOn(workspace.Policy, DatasetChangedRule.Definition)
            ? LockBuilder.Build(workspace, scan)
            : null;
        var context = new EvaluationContext(workspace, options.Today, scan, lockFile, current);
        IReadOnlyList<Finding> findings = RuleEvaluator.Evaluate(context);
        var datasets = workspace.Inventory.Datasets
            .Select(d =>
            {
                DatasetFingerprint? fingerprint = scan?.Datasets[d.Path];
                return new DatasetSummary(
                    d.Path,
                    d.IsFolder,
                    d.Manifest?.File,
                    d.Manifest?.Teachers.Select(t => workspace.Registry.Canonical(t.Value)).ToArray() ?? [],
                    d.Manifest is null ? [] : context.StudentsOf(d).Select(s => workspace.Registry.Canonical(s.Value)).ToArray())
                {
                    Sha256 = fingerprint?.Sha256,
                    Bytes = fingerprint?.Bytes,
                    Records = fingerprint?.Records,
                };
            })
            .ToArray();
        return new GateReport(workspace.Policy.File, datasets, findings);
    }

    /// <summary>
    /// Fingerprints every dataset and writes gate.lock.json atomically. Any input error throws before
    /// anything is written, so the previous lock stays as it was.
    /// </summary>
    public static LockFile Lock(GateCheckOptions options, CancellationToken cancellationToken = default)
    {
        GateWorkspace workspace = GateWorkspace.Load(options.Directory, options.PolicyPath, cancellationToken);
        WorkspaceScan scan = WorkspaceScan.Run(workspace.Root, workspace.Listing, workspace.Inventory, scanReferences: false, options.Scan, cancellationToken: cancellationToken);
        LockFile lockFile = LockBuilder.Build(workspace, scan);
        cancellationToken.ThrowIfCancellationRequested();
        LockFileWriter.WriteAtomically(lockFile, workspace.Root.ToFullPath(LockFile.FileName));
        return lockFile;
    }

    /// <summary>
    /// The resolved ancestry of <paramref name="model"/> under a policy (<c>gate lineage</c>): the
    /// tree for people and the flat ancestry. Model cards are found relative to the policy's folder.
    /// </summary>
    public static LineageResult Lineage(string policyPath, string model, CancellationToken cancellationToken = default)
    {
        string full = Path.GetFullPath(policyPath);
        var (_, registry) = GateWorkspace.LoadLineage(Path.GetDirectoryName(full)!, full, cancellationToken);
        return new LineageResult(LineageNode.Build(registry, model), new LineageResolver(registry).GetAncestry(model));
    }

    /// <summary>The fingerprints of files or folders outside any policy (<c>gate fingerprint</c>), in the order given.</summary>
    public static IReadOnlyList<DatasetFingerprint> Fingerprint(IEnumerable<string> paths, ScanOptions options, CancellationToken cancellationToken = default) =>
        paths.Select(p => DatasetScanner.ScanPath(p, options, cancellationToken)).ToArray();

    private static LockFile? ReadLock(GateWorkspace workspace)
    {
        if (workspace.Root.LinkLeavingRoot(LockFile.FileName, LockFile.FileName) is { } outside)
        {
            throw new Diagnostics.GateInputException(outside);
        }

        return LockFileReader.ReadIfExists(workspace.Root.ToFullPath(LockFile.FileName), LockFile.FileName);
    }

    private static bool IsOn(GatePolicy policy, RuleDefinition rule) => RuleEvaluator.SeverityOf(policy, rule) != Severity.Off;
}
