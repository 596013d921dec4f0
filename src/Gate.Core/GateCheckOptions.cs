using Gate.Core.Scanning;

namespace Gate.Core;

/// <summary>What to check: the folder, the policy (default: its gate.yaml) and the date waivers are judged against.</summary>
/// <param name="Directory">The checked folder: every path Gate reads must lie inside it.</param>
/// <param name="Today">The date for waiver expiry. Hosts pass the current UTC date; tests pin it.</param>
/// <param name="PolicyPath">The policy file; null for <c>gate.yaml</c> in <paramref name="Directory"/>.</param>
public sealed record GateCheckOptions(string Directory, DateOnly Today, string? PolicyPath = null)
{
    /// <summary>How datasets are scanned (threads, progress).</summary>
    public ScanOptions Scan { get; init; } = new();

    /// <summary>
    /// The files the host will write after the run (reports, SARIF). Each is refused (GATE110)
    /// before anything is scanned or written when it is a file the run reads: a dataset, a manifest,
    /// a model card, evidence, a reference, the policy or the lock.
    /// </summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>How <c>gate lock</c> reaches the Hugging Face Hub when the policy turns <c>hub:</c> on (checks never do).</summary>
    public Lineage.HubConnection Hub { get; init; } = new();

    /// <summary><c>gate lock --refresh-lineage</c>: ask the Hub again for every model, not only those the lock does not hold.</summary>
    public bool RefreshLineage { get; init; }

    /// <summary>
    /// <c>gate check --merge PART…</c>: evaluate with the scans of a sharded check's parts instead of
    /// scanning (refused, GATE116, unless they are exactly this folder's shares, from this Gate).
    /// </summary>
    public IReadOnlyList<string> Parts { get; init; } = [];

    /// <summary>
    /// <c>gate check --base REF</c>: also say what the change does against that commit (datasets
    /// added, changed, removed, with their lineage), from the lock committed there, and take the
    /// fingerprints of datasets the base vouches for from the lock instead of scanning them (unless
    /// <see cref="Rescan"/>). The verdict is over every dataset alike.
    /// </summary>
    public string? Base { get; init; }

    /// <summary>
    /// With <see cref="Base"/>: describe the change when the clone has that commit, and otherwise say
    /// why not in <see cref="Reports.GateReport.ChangesUnavailable"/> instead of failing (a base the
    /// host took from its event, which a shallow clone may lack).
    /// </summary>
    public bool BaseIsOptional { get; init; }

    /// <summary>
    /// <c>--cache DIR</c>: the record store, a folder outside the checked one. A check writes there
    /// the records (as GATE007 compares them) of every dataset it scans, each in a file named by its
    /// digest; with <see cref="Base"/>, a dataset the base vouches for is taken from the lock and
    /// this folder instead of scanned (<see cref="Repository.VouchedDatasets"/>). Its content needs
    /// no trust: a file whose SHA-256 is not the lock's digest is never used.
    /// </summary>
    public string? RecordStore { get; init; }

    /// <summary><c>gate check --base REF --rescan</c>: scan every dataset, taking none from the lock even where the base vouches for it.</summary>
    public bool Rescan { get; init; }

    /// <summary><c>gate check --verify-lineage</c>: confirm every Hub answer the lock records against the Hub, at its recorded revision, before evaluating.</summary>
    public bool VerifyLineage { get; init; }
}
