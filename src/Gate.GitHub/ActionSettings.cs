using Gate.Core.Diagnostics;

namespace Gate.GitHub;

/// <summary>
/// The action's inputs (<c>INPUT_*</c>, passed through the step's <c>env:</c>) and the runner's
/// context (<c>GITHUB_*</c>). The token is kept here and nowhere else; it is never printed.
/// </summary>
internal sealed record ActionSettings(
    string Workspace,
    string Path,
    string? Policy,
    FailOn FailOn,
    string? SarifPath,
    string ReportPath,
    bool Comment,
    bool CheckRun,
    string? Token,
    string? Repository,
    string? Sha,
    string? EventName,
    string? EventPath,
    Uri ApiUrl,
    string? OutputFile,
    string? SummaryFile,
    TimeSpan RetryBaseDelay,
    TimeSpan RequestTimeout)
{
    /// <summary>The input verify-lineage: confirm the lock's Hub answers against the Hub before checking.</summary>
    public bool VerifyLineage { get; init; }

    /// <summary>The input shard (K/N): scan that share of the check's files and write it as a part; nothing is evaluated.</summary>
    public string? Shard { get; init; }

    /// <summary>
    /// The input base: the commit the report describes the change against. Empty: the event's base
    /// (a pull request's, a merge group's, what a push replaced), when the clone has it; "none": no
    /// description. A base named here must be in the clone.
    /// </summary>
    public string? Base { get; init; }

    /// <summary>
    /// The input cache: the record store's folder (absolute, or relative to the workspace), outside
    /// the checked folder; restored and saved by the workflow (actions/cache). With a base, datasets
    /// the base vouches for are taken from the lock and this folder instead of scanned.
    /// </summary>
    public string? Cache { get; init; }

    /// <summary>The input rescan: scan every dataset even where the base vouches for it.</summary>
    public bool Rescan { get; init; }

    /// <summary>The record store's full path, or null when there is none.</summary>
    public string? RecordStore => Cache is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(Workspace, Cache));

    /// <summary>The input lfs: with shard, fetch the Git LFS objects of the share (and no others) before scanning.</summary>
    public bool Lfs { get; init; }

    /// <summary>The input parts: a folder holding every shard's part (<c>*.json</c>), evaluated instead of scanning.</summary>
    public string? Parts { get; init; }

    /// <summary>Where a shard's part is written: one name per shard, so parts downloaded into one folder never collide.</summary>
    public string PartPath(Gate.Core.Sharding.Shard shard) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ReportPath)!, $"gate-part-{shard.Index}-of-{shard.Count}.json");

    /// <summary>The parts in the folder the input parts names, in name order; an error when it names no folder of parts.</summary>
    public IReadOnlyList<string> PartFiles()
    {
        if (Parts is null)
        {
            return [];
        }

        string folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(Workspace, Parts));
        string[] files = Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)] : [];
        return files.Length > 0 ? files : throw new GateInputException(new InputError(InputErrorKind.InvalidPart,
            $"the input parts names '{Parts}', which is not a folder holding the shards' parts (*.json); download every shard's artifact into one folder and name it", null));
    }

    /// <summary>How the Hub is reached when verify-lineage asks it (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE from the job's env).</summary>
    public Gate.Core.Lineage.HubConnection Hub { get; init; } = new();

    public static ActionSettings FromEnvironment(Func<string, string?> env)
    {
        string? Get(string name) => env(name) is { Length: > 0 } value ? value.Trim() : null;

        string workspace = Get("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory();
        string failOn = (Get("INPUT_FAIL_ON") ?? "error").ToLowerInvariant();
        FailOn parsedFailOn = failOn switch
        {
            "error" => FailOn.Error,
            "warning" => FailOn.Warning,
            "never" => FailOn.Never,
            _ => throw new GateInputException(new InputError(InputErrorKind.InvalidArgument,
                $"the input fail-on must be error, warning or never, not '{failOn}'", null)),
        };
        string temp = Get("RUNNER_TEMP") ?? System.IO.Path.GetTempPath();
        string apiUrl = Get("GITHUB_API_URL") ?? "https://api.github.com";
        int retryMs = int.TryParse(Get("GATE_GITHUB_RETRY_BASE_MS"), out int ms) && ms >= 0 ? ms : 1000;
        int timeoutSeconds = int.TryParse(Get("GATE_GITHUB_TIMEOUT_SECONDS"), out int t) && t > 0 ? t : 30;

        return new ActionSettings(
            Workspace: workspace,
            Path: Get("INPUT_PATH") ?? ".",
            Policy: Get("INPUT_POLICY"),
            FailOn: parsedFailOn,
            SarifPath: Get("INPUT_SARIF"),
            ReportPath: System.IO.Path.Combine(temp, "gate", "gate-report.json"),
            Comment: IsTrue(Get("INPUT_COMMENT")),
            CheckRun: IsTrue(Get("INPUT_CHECK_RUN")),
            Token: Get("INPUT_GITHUB_TOKEN"),
            Repository: Get("GITHUB_REPOSITORY"),
            Sha: Get("GITHUB_SHA"),
            EventName: Get("GITHUB_EVENT_NAME"),
            EventPath: Get("GITHUB_EVENT_PATH"),
            ApiUrl: new Uri(apiUrl.TrimEnd('/') + "/"),
            OutputFile: Get("GITHUB_OUTPUT"),
            SummaryFile: Get("GITHUB_STEP_SUMMARY"),
            RetryBaseDelay: TimeSpan.FromMilliseconds(retryMs),
            RequestTimeout: TimeSpan.FromSeconds(timeoutSeconds))
        {
            VerifyLineage = IsTrue(Get("INPUT_VERIFY_LINEAGE")),
            Shard = Get("INPUT_SHARD"),
            Parts = Get("INPUT_PARTS"),
            Lfs = IsTrue(Get("INPUT_LFS")),
            Base = Get("INPUT_BASE"),
            Cache = Get("INPUT_CACHE"),
            Rescan = IsTrue(Get("INPUT_RESCAN")),
            Hub = Gate.Core.Lineage.HubConnection.FromVariables(env),
        };
    }

    /// <summary>The checked folder, resolved against the workspace.</summary>
    public string CheckedFolder => System.IO.Path.GetFullPath(System.IO.Path.Combine(Workspace, Path));

    /// <summary>The checked folder relative to the workspace: what GitHub paths must be prefixed with.</summary>
    public string CheckedFolderInRepository => System.IO.Path.GetRelativePath(Workspace, CheckedFolder).Replace('\\', '/');

    public override string ToString() => $"ActionSettings {{ Path = {Path}, FailOn = {FailOn}, VerifyLineage = {VerifyLineage}, Shard = {Shard}, Parts = {Parts}, Token = {(Token is null ? "none" : "***")} }}";

    private static bool IsTrue(string? value) => value is not null && value.Equals("true", StringComparison.OrdinalIgnoreCase);
}
