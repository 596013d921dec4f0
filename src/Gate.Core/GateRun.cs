using Gate.Core.IO;
using Gate.Core.Lineage;
using Gate.Core.Locking;
using Gate.Core.Policy;
using Gate.Core.Repository;
using Gate.Core.Reports;
using Gate.Core.Rules;
using Gate.Core.Scanning;
using Gate.Core.Sharding;

namespace Gate.Core;

/// <summary>The gate's main jobs: load, scan, resolve, evaluate, report; and lock. Hosts call these and translate the result.</summary>
public static class GateRun
{
    /// <summary>Evaluates a folder. Throws <see cref="Diagnostics.GateInputException"/> when it cannot be evaluated.</summary>
    public static GateReport Check(GateCheckOptions options, CancellationToken cancellationToken = default)
    {
        GateWorkspace workspace = GateWorkspace.Load(options.Directory, options.PolicyPath, cancellationToken);
        OutputGuard.EnsureNoneIsInput(workspace, options.Outputs);
        if (options.VerifyLineage && workspace.Policy.Hub is { } settings && workspace.RecordedLock is { Models.Count: > 0 } recorded)
        {
            IReadOnlyList<Diagnostics.InputError> problems = HubLineage.Verify(recorded.Models, Connection(options, settings), cancellationToken);
            if (problems.Count > 0)
            {
                throw new Diagnostics.GateInputException(problems);
            }
        }

        (GitBase Git, LockFile? Lock)? atBase = null;
        string? changesUnavailable = null;
        if (options.Base is { } reference)
        {
            try
            {
                GitBase git = GitBase.Open(workspace.Root.FullPath, reference);
                atBase = (git, git.ReadLock());
            }
            catch (Diagnostics.GateInputException ex) when (options.BaseIsOptional)
            {
                changesUnavailable = string.Join("; ", ex.Errors.Select(e => e.Message));
            }
        }

        if (options.RecordStore is { } store)
        {
            OutputGuard.EnsureOutside(workspace, Path.Combine(store, "*" + OverlapRecords.Extension), "the record store (--cache)", "its files would be read as the repository's");
        }

        bool content = RuleCatalog.ScannerRules.Any(rule => IsOn(workspace.Policy, rule));
        bool keepRecords = IsOn(workspace.Policy, UndeclaredTeacherRule.Definition);
        WorkspaceScan? merged = options.Parts.Count > 0 ? ShardMerge.Scan(workspace, PlanFor(ShardPurpose.Check, options, workspace), options.Parts) : null;
        LockFile? lockFile = content ? ReadLock(workspace) : null;
        IReadOnlyDictionary<string, DatasetFingerprint>? vouched = null;
        string? notVouched = null;
        if (content && merged is null && !options.Rescan && atBase is { } vouching)
        {
            (vouched, notVouched) = VouchedDatasets.Find(workspace, lockFile, PolicyFullPath(options, workspace), vouching.Git, vouching.Lock, options.RecordStore, keepRecords);
        }

        WorkspaceScan? scan = content
            ? merged ?? WorkspaceScan.Run(workspace.Root, workspace.Listing, workspace.Inventory, IsOn(workspace.Policy, DivergenceRule.Definition), options.Scan,
                keepRecordHashes: keepRecords, vouched: vouched, cancellationToken: cancellationToken)
            : null;
        if (scan is not null && options.RecordStore is { } into)
        {
            RecordStore.Write(into, scan, WorkspaceScan.GeneratorFields(workspace.Inventory), vouched);
        }

        Func<Datasets.Dataset, LockedDataset>? current = scan is not null && IsOn(workspace.Policy, DatasetChangedRule.Definition)
            ? LockBuilder.EntryOf(workspace, scan)
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
        // Without a scan (every content rule off) the description compares presence, manifests and lineage only: --base never makes a check read more.
        ChangeSummary? changes = null;
        if (atBase is { } found)
        {
            changes = ChangeSummary.Between(options.Base!, found.Git.Commit, found.Lock,
                [.. workspace.Inventory.Datasets.Select(scan is null ? LockBuilder.LineageEntryOf(workspace) : LockBuilder.EntryOf(workspace, scan))], compareContent: scan is not null);
            (findings, string? notCompared) = BaseFindings.Mark(findings, workspace, lockFile, found.Git, found.Lock, options.PolicyPath, options.Today);
            changes = changes with
            {
                FindingsNotCompared = notCompared,
                Scanned = scan is null ? 0 : scan.Datasets.Count - (vouched?.Count ?? 0),
                TakenFromBase = vouched?.Count ?? 0,
                WhyNoneTakenFromBase = options.Rescan ? "--rescan" : merged is not null ? "the scans came from a sharded check's parts" : notVouched,
            };
        }

        return new GateReport(workspace.Policy.File, datasets, findings) { Changes = changes, ChangesUnavailable = changesUnavailable };
    }

    /// <summary>
    /// Fingerprints every dataset and writes gate.lock.json atomically. Any input error throws before
    /// anything is written, so the previous lock stays as it was.
    /// </summary>
    public static LockFile Lock(GateCheckOptions options, CancellationToken cancellationToken = default)
    {
        return LockWithLineage(options, cancellationToken).Lock;
    }

    /// <summary>
    /// <see cref="Lock"/>, and with <c>hub:</c> on, first resolves on the Hub the models no other source
    /// declares (every answer or none: a failure throws before anything is written). Returns the lock
    /// and what changed in the Hub's answers against the lock as committed.
    /// </summary>
    public static LockOutcome LockWithLineage(GateCheckOptions options, CancellationToken cancellationToken = default) =>
        LockWith(options, scanBeforeHub: null, cancellationToken);

    /// <summary>
    /// <c>gate lock|check --shard K/N --output FILE</c>: scans shard K's size-balanced share of the
    /// files a lock (or a check) reads and writes them as a part (atomically); nothing is evaluated
    /// and no lock is written. Returns how many files and bytes the share holds, and how many files
    /// the whole plan has.
    /// </summary>
    public static (int Files, long Bytes, int AllFiles) ScanShard(GateCheckOptions options, ShardPurpose purpose, Shard shard, string output, CancellationToken cancellationToken = default)
    {
        GateWorkspace workspace = GateWorkspace.Load(options.Directory, options.PolicyPath, cancellationToken);
        // Inside, a later shard could list the part as data (or as a folder dataset's file) and plan other shares.
        OutputGuard.EnsureOutside(workspace, output, "the part", "another shard could read it as data");
        ShardPlan plan = PlanFor(purpose, options, workspace);
        ShardPart part = ShardScan.Run(workspace, plan, shard, options.Scan, cancellationToken);
        ShardPartWriter.WriteAtomically(part, output);
        return (part.Files.Count, part.Files.Sum(f => f.Digest.Bytes), plan.Files.Count);
    }

    /// <summary>
    /// The files shard <paramref name="shard"/> of a sharded lock or check will scan, relative to the
    /// checked folder, in plan order: what a shard's runner must fetch (Git LFS objects) first.
    /// </summary>
    public static IReadOnlyList<string> ShareOf(GateCheckOptions options, ShardPurpose purpose, Shard shard, CancellationToken cancellationToken = default)
    {
        GateWorkspace workspace = GateWorkspace.Load(options.Directory, options.PolicyPath, cancellationToken);
        return [.. PlanFor(purpose, options, workspace).Share(shard).Select(f => f.File).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// <c>gate lock --merge PART…</c>: the lock one machine would write, from the parts of every
    /// shard (refused, GATE116, unless they are exactly the shares of this folder's plan, written by
    /// this Gate). The parts are checked before the Hub is asked anything.
    /// </summary>
    public static LockOutcome LockMerge(GateCheckOptions options, IReadOnlyList<string> parts, CancellationToken cancellationToken = default) =>
        LockWith(options, workspace => ShardMerge.Scan(workspace, PlanFor(ShardPurpose.Lock, options, workspace), parts), cancellationToken);

    private static LockOutcome LockWith(GateCheckOptions options, Func<GateWorkspace, WorkspaceScan>? scanBeforeHub, CancellationToken cancellationToken)
    {
        GateWorkspace workspace = GateWorkspace.Load(options.Directory, options.PolicyPath, cancellationToken);
        WorkspaceScan? merged = scanBeforeHub?.Invoke(workspace);
        IReadOnlyList<LockedHubModel> before = workspace.RecordedLock?.Models ?? [];
        IReadOnlyList<LockedHubModel> hub = [];
        if (workspace.Policy.Hub is { } settings)
        {
            hub = HubLineage.Resolve(workspace.Policy, workspace.Cards, workspace.LineageSeeds, before, Connection(options, settings), options.RefreshLineage, cancellationToken);
            workspace = workspace.WithHubAnswers(hub);
        }

        // Record hashes only for their digest in the lock (what lets a later check reuse them), dropped dataset by dataset.
        WorkspaceScan scan = merged ?? WorkspaceScan.Run(workspace.Root, workspace.Listing, workspace.Inventory, scanReferences: false, options.Scan,
            keepRecordHashes: IsOn(workspace.Policy, UndeclaredTeacherRule.Definition), recordsForRules: false, cancellationToken: cancellationToken);
        LockFile lockFile = LockBuilder.Build(workspace, scan) with { Models = hub };
        cancellationToken.ThrowIfCancellationRequested();
        LockFileWriter.WriteAtomically(lockFile, workspace.Root.ToFullPath(LockFile.FileName));

        // The lineage rules need no content: judged on what was just locked, so 'gate lock' can warn.
        IReadOnlyList<Finding> failing = RuleEvaluator.Evaluate(new EvaluationContext(workspace, options.Today))
            .Where(f => f.IsActive && f.Severity == Severity.Error)
            .ToArray();
        return new LockOutcome(lockFile, HubLineage.Changes(before, hub)) { Failing = failing };
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

    /// <summary>What a lock scans, or a check: that also keeps record hashes when GATE007 is on, and scans references when GATE008 is.</summary>
    private static ShardPlan PlanFor(ShardPurpose purpose, GateCheckOptions options, GateWorkspace workspace) =>
        purpose == ShardPurpose.Lock
            ? ShardPlan.ForLock(workspace, PolicyFullPath(options, workspace), keepRecordHashes: IsOn(workspace.Policy, UndeclaredTeacherRule.Definition))
            : ShardPlan.ForCheck(workspace, PolicyFullPath(options, workspace),
                keepRecordHashes: IsOn(workspace.Policy, UndeclaredTeacherRule.Definition), scanReferences: IsOn(workspace.Policy, DivergenceRule.Definition));

    private static string PolicyFullPath(GateCheckOptions options, GateWorkspace workspace) =>
        options.PolicyPath is null ? workspace.Root.ToFullPath(Policy.GatePolicy.DefaultFileName) : Path.GetFullPath(options.PolicyPath);

    private static LockFile? ReadLock(GateWorkspace workspace) => workspace.RecordedLock ?? GateWorkspace.ReadLock(workspace.Root);

    /// <summary>
    /// The host's connection, with the policy's endpoint when it names one (it wins over HF_ENDPOINT).
    /// The host's token goes only to the host's own endpoint (HF_ENDPOINT, or the public Hub): a
    /// gate.yaml in a pull request could otherwise name a server of its author's and receive the token
    /// while CI runs on the unreviewed change. To send it to a mirror, set HF_ENDPOINT to it as well.
    /// </summary>
    private static HubConnection Connection(GateCheckOptions options, HubSettings settings)
    {
        if (settings.Endpoint is not { } endpoint)
        {
            return options.Hub;
        }

        bool sameOrigin = Uri.Compare(endpoint.Value, options.Hub.Endpoint, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        return options.Hub with
        {
            Endpoint = endpoint.Value,
            EndpointProblem = null,
            Token = sameOrigin ? options.Hub.Token : null,
            TokenWithheld = !sameOrigin && options.Hub.Token is not null,
        };
    }

    private static bool IsOn(GatePolicy policy, RuleDefinition rule) => RuleEvaluator.SeverityOf(policy, rule) != Severity.Off;
}
