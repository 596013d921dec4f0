using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Repository;

namespace Gate.Core.Rules;

/// <summary>
/// Which findings of a check are new in the change and which the base commit already had
/// (<c>gate check --base REF</c>). Informational: the verdict counts every finding alike.
/// <list type="bullet">
/// <item>Lineage findings are compared with the base's own: its policy, manifests, model cards and
/// lock, written out from git (<see cref="BaseTree"/>) and evaluated as a checkout is, with the
/// same date. A finding is on the base when the base has one of the same rule, severity, dataset,
/// teacher, student, shared ancestor and message, active there if it is active here (a change that
/// removes a waiver or a mitigation brings the failure back).</item>
/// <item>Content findings (GATE006–008) cannot be recomputed without the base's data, so a finding
/// counts as on the base only when nothing it rests on changed, by git's account of the change:
/// the policy's bytes, the Hub's answers in the lock, the generator fields manifests declare, the dataset's files,
/// manifest, evidence and reference (none read through a link), its lock entry, its resolved
/// lineage; and for GATE007, which compares datasets with one another and matches generator
/// values against every model, a change that does nothing but remove datasets (a removal can
/// only lower an overlap). An active finding of a dataset that claims a mitigation is new (whether
/// the mitigation holds rests on model cards and on which files are data). Anything else is new.</item>
/// </list>
/// A change to git's checkout rules (<c>.gitattributes</c>, <c>.gitmodules</c>, <c>.lfsconfig</c>
/// anywhere in the clone) leaves every finding unmarked: files git calls unchanged may then hold
/// other bytes, and the base cannot be written out as a checkout holds it.
/// So a reviewer may read "on the base" as "this change did not bring it"; a doubt always says "new".
/// </summary>
internal static class BaseFindings
{
    /// <summary>A reason quotes the repository (a path, an error): kept short, so a report stays within its limits.</summary>
    private const int MaxReason = 300;

    /// <summary>The findings marked (<see cref="Finding.Baseline"/>), or unmarked with why they could not be compared.</summary>
    public static (IReadOnlyList<Finding> Findings, string? NotCompared) Mark(
        IReadOnlyList<Finding> findings, GateWorkspace head, LockFile? headLock, GitBase git, LockFile? baseLock, string? policyPath, DateOnly today)
    {
        if (findings.Count == 0)
        {
            return (findings, null);
        }

        string headPolicy = policyPath is null ? head.Root.ToFullPath(GatePolicy.DefaultFileName) : Path.GetFullPath(policyPath);
        string? inFolder = policyPath is null ? GatePolicy.DefaultFileName : InFolder(head.Root.FullPath, headPolicy);
        DirectoryInfo? outside = null;
        try
        {
            if (git.ChangesCheckoutRules())
            {
                // A file git calls unchanged may hold other bytes, and the base's cannot be written out as a checkout holds them.
                return (findings, "the change edits git's checkout rules (.gitattributes, .gitmodules or .lfsconfig)");
            }

            (IReadOnlySet<string> tracked, string? doubt) = git.Index();
            if (doubt is not null)
            {
                return (findings, doubt);
            }

            if (inFolder is null && git.PathInClone(headPolicy) is null && (PathLinks.AnywhereAbove(headPolicy) || PathLinks.AnywhereAbove(head.Root.FullPath)))
            {
                // By its path the policy is outside the clone, which a link on the way may belie: an edit to it could pass for the base's.
                return (findings, "the policy is outside the clone by its path, but a link is on the way to it or to the checked folder");
            }

            IReadOnlySet<string> changed = git.ChangedPaths();
            // Every file the check reads must be one git tracks or reports changed; any other (a case-folding
            // clone's own config, say) is a change git did not report.
            if (head.Listing.Files.FirstOrDefault(f => !tracked.Contains(f) && !changed.Contains(f)) is { } unseen)
            {
                return (findings, $"git neither tracks nor reports '{PathText.Cut(unseen)}', which the check reads");
            }

            using BaseTree tree = BaseTree.Write(git, head.Root, changed);
            string? basePolicy = inFolder is not null ? Path.Combine(tree.Root, inFolder)
                : git.PathInClone(headPolicy) is { } inClone ? WriteOutside(git.ReadFile(inClone), ref outside)
                : headPolicy; // a policy outside the clone is not part of the change
            if (basePolicy is null || !File.Exists(basePolicy))
            {
                // The base had no policy, so nothing there was checked: every finding comes with the change.
                return ([.. findings.Select(f => f with { Baseline = FindingBaseline.New })], null);
            }

            GateWorkspace then;
            try
            {
                then = GateWorkspace.Load(tree.Root, policyPath is null ? null : basePolicy);
            }
            catch (GateInputException ex)
            {
                string why = $"the base's files do not load ({string.Join("; ", ex.Errors.Take(3).Select(e => e.ToString().Replace(tree.Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)))})";
                return (findings, PathText.Cut(why, MaxReason));
            }

            // A large file with a data format was written out empty: it must be the base's data, never a card or evidence read as text.
            var baseData = then.Inventory.Datasets.SelectMany(d => d.Files).ToHashSet(StringComparer.Ordinal);
            if (tree.Emptied.FirstOrDefault(f => !baseData.Contains(f)) is { } emptied)
            {
                return (findings, $"the base's '{PathText.Cut(emptied)}' is over 1 MiB with a data format but no dataset's data there, so it was not written out");
            }

            bool samePolicy = File.ReadAllBytes(headPolicy).AsSpan().SequenceEqual(File.ReadAllBytes(basePolicy));
            var comparison = new Comparison(head, headLock, then, baseLock, changed, samePolicy);
            var onBase = Keys(RuleEvaluator.Evaluate(new EvaluationContext(then, today)), then.Policy);
            return ([.. findings.Select(f => f with { Baseline = comparison.WasOnBase(f, onBase) ? FindingBaseline.Unchanged : FindingBaseline.New })], null);
        }
        catch (Exception ex) when (ex is BaseTreeException or GateInputException or IOException or UnauthorizedAccessException)
        {
            string why = ex switch
            {
                BaseTreeException tree => tree.Message,
                GateInputException input => string.Join("; ", input.Errors.Select(e => e.Message)),
                _ => $"the base could not be written out to a temporary folder ({ex.GetType().Name})",
            };
            return (findings, PathText.Cut(why, MaxReason));
        }
        finally
        {
            try
            {
                outside?.Delete(recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A temporary folder left behind is the system's to clean; the marks stand.
            }
        }
    }

    /// <summary>
    /// The base's lineage findings by identity, counted: every one, and the active ones apart (a
    /// waiver of a content rule is left out: its use cannot be known without the base's data).
    /// </summary>
    private static (Dictionary<string, int> All, Dictionary<string, int> Active) Keys(IReadOnlyList<Finding> findings, GatePolicy policy)
    {
        var contentWaivers = policy.Waivers.Where(w => w.Waives.NeedsScan).Select(w => w.Location).ToHashSet();
        var all = new Dictionary<string, int>(StringComparer.Ordinal);
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Finding finding in findings.Where(f => !(f.Rule == WaiverUnusedRule.Definition && contentWaivers.Contains(f.Location))))
        {
            string key = Key(finding);
            all[key] = all.GetValueOrDefault(key) + 1;
            if (finding.IsActive)
            {
                active[key] = active.GetValueOrDefault(key) + 1;
            }
        }

        return (all, active);
    }

    /// <summary>
    /// A finding's identity across commits: rule, severity (a note raised to an error is new to the
    /// verdict), dataset, models and what it says (without its advice, which a mitigation removes):
    /// one rule can say several things of one dataset (an unknown ancestor, a mitigation's
    /// problems), and each is its own finding.
    /// </summary>
    private static string Key(Finding f) =>
        string.Join('\0', f.Rule.Code, f.Severity.ToName(), f.Dataset, f.Teacher ?? "\u0001", f.Student ?? "\u0001", f.Shared ?? "\u0001", f.WithoutAdvice().Message);

    private static string? InFolder(string folder, string path)
    {
        string relative = Path.GetRelativePath(folder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    private static string? WriteOutside(byte[]? policy, ref DirectoryInfo? outside)
    {
        if (policy is null)
        {
            return null;
        }

        outside = Directory.CreateTempSubdirectory("gate-base-policy-");
        string path = Path.Combine(outside.FullName, GatePolicy.DefaultFileName);
        File.WriteAllBytes(path, policy);
        return path;
    }

    /// <summary>What changed between the base and the checkout, as the content findings rest on it.</summary>
    private sealed class Comparison
    {
        private readonly GateWorkspace _head;
        private readonly GateWorkspace _base;
        private readonly IReadOnlySet<string> _changed;
        private readonly bool _samePolicy;
        private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dataset> _baseDatasets;
        private readonly Dictionary<string, Dataset> _headDatasets;
        private readonly Dictionary<string, LockedDataset> _headLocked;
        private readonly Dictionary<string, LockedDataset> _baseLocked;
        private readonly Func<Dataset, LockedDataset> _headLineage;
        private readonly Func<Dataset, LockedDataset> _baseLineage;
        private readonly Dictionary<string, bool> _untouched = new(StringComparer.Ordinal);
        private readonly bool _lockChanged;
        private readonly bool _hubSame;
        private readonly bool _sameGeneratorFields;
        private bool? _onlyRemovals;

        /// <summary>
        /// The checkout (<paramref name="head"/>, its lock) against the base (<paramref name="then"/>,
        /// its lock) with the paths git says <paramref name="changed"/>; <paramref name="samePolicy"/>
        /// when the policy's bytes are the base's.
        /// </summary>
        public Comparison(GateWorkspace head, LockFile? headLock, GateWorkspace then, LockFile? baseLock, IReadOnlySet<string> changed, bool samePolicy)
        {
            _head = head;
            _base = then;
            _changed = changed;
            _samePolicy = samePolicy;
            _baseDatasets = then.Inventory.Datasets.ToDictionary(d => d.Path, StringComparer.Ordinal);
            _headDatasets = head.Inventory.Datasets.ToDictionary(d => d.Path, StringComparer.Ordinal);
            foreach (string path in changed)
            {
                // A changed file touches the dataset it is, or the folder dataset it is in, on either side.
                foreach (string at in SelfAndFolders(path))
                {
                    if (_headDatasets.ContainsKey(at) || _baseDatasets.ContainsKey(at))
                    {
                        _touched.Add(at);
                    }
                }
            }

            _headLocked = headLock?.ByPath() ?? [];
            _baseLocked = baseLock?.ByPath() ?? [];
            _lockChanged = changed.Contains(LockFile.FileName);
            // The Hub's answers in the lock name models' bases and renames: what a generator field's value is matched against.
            _hubSame = !_lockChanged || HubText(headLock) == HubText(baseLock);
            // Every record's overlap hash leaves out the generator fields of every manifest: a change to that set changes every lock entry's records digest.
            _sameGeneratorFields = Scanning.WorkspaceScan.GeneratorFields(head.Inventory).SequenceEqual(Scanning.WorkspaceScan.GeneratorFields(then.Inventory), StringComparer.Ordinal);
            _headLineage = LockBuilder.LineageEntryOf(head);
            _baseLineage = LockBuilder.LineageEntryOf(then);
        }

        /// <summary>
        /// Whether the base had <paramref name="finding"/>; an active finding only when the base's was
        /// active too (a change that removes a waiver or a mitigation brings the failure back).
        /// </summary>
        public bool WasOnBase(Finding finding, (Dictionary<string, int> All, Dictionary<string, int> Active) onBase)
        {
            if (!finding.Rule.NeedsScan)
            {
                Dictionary<string, int> among = finding.IsActive ? onBase.Active : onBase.All;
                string key = Key(finding);
                if (among.GetValueOrDefault(key) is > 0 and var left)
                {
                    among[key] = left - 1;
                    return true;
                }

                return false;
            }

            if (!_samePolicy || !_hubSame || !_sameGeneratorFields || RuleEvaluator.SeverityOf(_base.Policy, finding.Rule) == Severity.Off
                || !_headDatasets.TryGetValue(finding.Dataset, out Dataset? dataset) || !Untouched(dataset))
            {
                return false;
            }

            // Whether a mitigation holds rests on more than the dataset (a rewriter's ancestry in a model
            // card, which files are data): an active finding of a dataset that claims one may be the change's.
            if (finding.IsActive && dataset.Manifest is { Mitigations.Count: > 0 })
            {
                return false;
            }

            // A lock entry's change and a divergence from the reference are the dataset's own. GATE007
            // compares records across datasets and matches generator values against every model the
            // registry knows: on the base only when the change does nothing but remove datasets.
            return finding.Rule != UndeclaredTeacherRule.Definition || (_onlyRemovals ??= OnlyRemovals());
        }

        /// <summary>Whether nothing a content finding on <paramref name="dataset"/> rests on changed.</summary>
        private bool Untouched(Dataset dataset)
        {
            if (!_untouched.TryGetValue(dataset.Path, out bool untouched))
            {
                _untouched[dataset.Path] = untouched = Compute(dataset);
            }

            return untouched;
        }

        private bool Compute(Dataset dataset)
        {
            if (!_baseDatasets.TryGetValue(dataset.Path, out Dataset? then) || then.IsFolder != dataset.IsFolder || _touched.Contains(dataset.Path)
                || dataset.Manifest?.File != then.Manifest?.File || (dataset.Manifest is { } manifest && _changed.Contains(manifest.File)))
            {
                return false;
            }

            // What the content rules read besides the data: evidence, a reference (a file or a folder).
            string[] evidence = dataset.Manifest is { } read ? [.. FileDigests.EvidenceOf(read)] : [];
            string? reference = dataset.Manifest?.Reference;
            string[] referenceFiles = reference is null ? [] : _head.Root.DirectoryExists(reference) ? [.. _head.Listing.FilesUnder(reference)] : [reference];
            if (evidence.Any(_changed.Contains) || (reference is not null && _changed.Any(p => p == reference || p.StartsWith(reference + "/", StringComparison.Ordinal))))
            {
                return false;
            }

            // A link reads a file elsewhere in the checkout, whose changes git reports at its own path.
            if (dataset.Files.Concat(evidence).Concat(referenceFiles).Any(f => PathLinks.OnTheWay(_head.Root.FullPath, f)))
            {
                return false;
            }

            if (ChangeSummary.What(_baseLineage(then), _headLineage(dataset), compareContent: false).Count > 0)
            {
                return false;
            }

            return !_lockChanged || EntryText(_baseLocked.GetValueOrDefault(dataset.Path)) == EntryText(_headLocked.GetValueOrDefault(dataset.Path));
        }

        /// <summary>Whether every change is a dataset's removal: its files, its manifest, its lock entry.</summary>
        private bool OnlyRemovals()
        {
            bool Removed(string path) => !_headDatasets.ContainsKey(path) && _baseDatasets.ContainsKey(path);
            var removedManifests = _baseDatasets.Values.Where(d => Removed(d.Path) && d.Manifest is not null).Select(d => d.Manifest!.File).ToHashSet(StringComparer.Ordinal);
            return _changed.All(p => p == LockFile.FileName || removedManifests.Contains(p) || SelfAndFolders(p).Any(Removed))
                && (!_lockChanged || _head.Inventory.Datasets.All(d => EntryText(_baseLocked.GetValueOrDefault(d.Path)) == EntryText(_headLocked.GetValueOrDefault(d.Path))))
                && _head.Inventory.Datasets.All(Untouched);
        }

        /// <summary>"a/b/c", then "a/b", then "a".</summary>
        private static IEnumerable<string> SelfAndFolders(string path)
        {
            for (string? at = path; !string.IsNullOrEmpty(at); at = at.LastIndexOf('/') is var slash and > 0 ? at[..slash] : null)
            {
                yield return at;
            }
        }

        private static string? EntryText(LockedDataset? entry) => entry is null ? null : LockFileWriter.WriteToString(entry);

        private static string HubText(LockFile? lockFile) => LockFileWriter.WriteToString(new LockFile([]) { Models = lockFile?.Models ?? [] });
    }
}
