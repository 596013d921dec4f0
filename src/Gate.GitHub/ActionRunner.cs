using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Sharding;
using Octokit;

namespace Gate.GitHub;

/// <summary>
/// The action's one step: run the gate, write the JSON report and SARIF, annotate, summarise, set
/// outputs, then report to GitHub. Reporting is best effort: a failure there (a fork's read-only
/// token, no token at all, a 5xx that outlasts the retries) is a warning, in the log and appended to
/// the job summary, and never changes the verdict or exit code.
/// </summary>
internal sealed class ActionRunner(ActionSettings settings, TextWriter log)
{
    private readonly List<string> _warnings = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var paths = ReportPaths.Under(settings.CheckedFolderInRepository);
        if (settings.Shard is { } shardText)
        {
            return RunShard(shardText, paths, cancellationToken);
        }

        if (settings.Lfs)
        {
            return NotEvaluated.Report(log, settings.OutputFile, settings.SummaryFile,
                [new InputError(InputErrorKind.InvalidArgument, "the input lfs fetches a shard's Git LFS objects and goes with shard; for a whole check, check out with lfs: true (actions/checkout)", null)], paths);
        }

        string? sarif = settings.SarifPath is null ? null : Path.GetFullPath(Path.Combine(settings.Workspace, settings.SarifPath));
        GateReport report;
        var (baseCommit, baseFromEvent) = BaseToDescribe();
        try
        {
            report = GateRun.Check(new GateCheckOptions(settings.CheckedFolder, AsOfDate.TodayUtc(),
                settings.Policy is null ? null : Path.Combine(settings.Workspace, settings.Policy))
            {
                Outputs = sarif is null ? [settings.ReportPath] : [settings.ReportPath, sarif],
                VerifyLineage = settings.VerifyLineage,
                Hub = settings.Hub,
                Parts = settings.PartFiles(),
                Base = baseCommit,
                BaseIsOptional = baseFromEvent,
                RecordStore = settings.RecordStore,
                Rescan = settings.Rescan,
            }, cancellationToken);
        }
        catch (GateInputException ex)
        {
            return NotEvaluated.Report(log, settings.OutputFile, settings.SummaryFile, ex.Errors, paths);
        }

        if (report.ChangesUnavailable is { } missing)
        {
            Warn($"Gate: the report does not say what this change does: {missing}.");
        }

        ReportFiles.Write(report, sarif is null
            ? [(ReportFormat.Json, settings.ReportPath)]
            : [(ReportFormat.Json, settings.ReportPath), (ReportFormat.Sarif, sarif)], paths);

        log.Write(GitHubCommandsWriter.WriteToString(report, paths));
        log.Write(GitHubCommandsWriter.Inert(TextReportWriter.WriteToString(report)));
        WorkflowFiles.AppendSummary(settings.SummaryFile, MarkdownReportWriter.WriteToString(report, MarkdownReportWriter.SummaryLimit, paths));
        WorkflowFiles.SetResult(settings.OutputFile, report.Verdict.ToName(), report.Summary.Errors, report.Summary.Warnings, settings.ReportPath, sarif ?? string.Empty);

        bool failed = settings.FailOn switch
        {
            FailOn.Error => report.Summary.Errors > 0,
            FailOn.Warning => report.Summary.Errors + report.Summary.Warnings > 0,
            _ => false,
        };

        // Reading the event payload or building the client can fail too; like the calls, that is a warning.
        await BestEffortAsync("report to GitHub", () => ReportToGitHubAsync(report, paths, failed, cancellationToken)).ConfigureAwait(false);
        if (_warnings.Count > 0)
        {
            WorkflowFiles.AppendSummary(settings.SummaryFile, MarkdownReportWriter.WriteWarnings(_warnings));
        }

        return failed ? ExitCodes.Fail : ExitCodes.Pass;
    }

    /// <summary>
    /// The commit to describe the change against, and whether it came from the event: the input
    /// base when given ("none" turns it off; it must be in the clone), else the event's base, which
    /// a shallow clone may lack (then the report says so and the check runs as ever).
    /// </summary>
    private (string? Commit, bool FromEvent) BaseToDescribe()
    {
        if (settings.Base is { } given)
        {
            return (given.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : given, false);
        }

        return (PullRequestContext.Read(settings.EventName, settings.EventPath).BaseSha, true);
    }

    /// <summary>
    /// One shard of a sharded check (the input shard): scan the share, write the part, say so.
    /// The verdict is "scanned": only the job that merges every part evaluates.
    /// </summary>
    private int RunShard(string shardText, ReportPaths paths, CancellationToken cancellationToken)
    {
        try
        {
            Shard shard = Gate.Core.Sharding.Shard.Parse(shardText, out string? problem)
                ?? throw new GateInputException(new InputError(InputErrorKind.InvalidArgument, $"the input shard: {problem}", null));
            if (settings.Parts is not null)
            {
                throw new GateInputException(new InputError(InputErrorKind.InvalidArgument, "the inputs shard and parts go to different steps: each shard scans its share, then one step merges all parts", null));
            }

            string part = settings.PartPath(shard);
            var options = new GateCheckOptions(settings.CheckedFolder, AsOfDate.TodayUtc(), settings.Policy is null ? null : Path.Combine(settings.Workspace, settings.Policy));
            if (settings.Lfs)
            {
                FetchShare(GateRun.ShareOf(options, ShardPurpose.Check, shard, cancellationToken));
            }

            var (files, bytes, allFiles) = GateRun.ScanShard(options, ShardPurpose.Check, shard, part, cancellationToken);
            log.WriteLine($"Gate: shard {shard} scanned {files} of {allFiles} file(s), {bytes} bytes; part {part}");
            WorkflowFiles.AppendSummary(settings.SummaryFile,
                $"## Gate: shard {shard} scanned\n\n{files} of {allFiles} file(s), {bytes} bytes. The job that merges every shard's part evaluates the check.\n");
            if (_warnings.Count > 0)
            {
                WorkflowFiles.AppendSummary(settings.SummaryFile, MarkdownReportWriter.WriteWarnings(_warnings));
            }

            WorkflowFiles.SetOutputs(settings.OutputFile, [new("verdict", "scanned"), new("errors", "0"), new("warnings", "0"), new("report", ""), new("sarif", ""), new("part", part)]);
            return ExitCodes.Pass;
        }
        catch (GateInputException ex)
        {
            return NotEvaluated.Report(log, settings.OutputFile, settings.SummaryFile, ex.Errors, paths);
        }
    }

    /// <summary>
    /// The share's Git LFS objects, and no others. With lfs: true the content rules must read every
    /// file: a failed pull is a warning, but any file of the share still a pointer afterwards stops
    /// the shard (GATE107), whatever kept it (a name no pattern can hold, a pull that failed or timed out).
    /// </summary>
    private void FetchShare(IReadOnlyList<string> share)
    {
        var (fetched, _) = LfsShareFetch.Split(share, settings.CheckedFolderInRepository);
        foreach (IReadOnlyList<string> batch in LfsShareFetch.Batches(fetched))
        {
            var (exitCode, output) = LfsShareFetch.Pull(settings.Workspace, batch, TimeSpan.FromHours(1));
            log.Write(GitHubCommandsWriter.Inert(output));
            if (exitCode != 0)
            {
                Warn($"Gate: 'git lfs pull' for {batch.Count} file(s) of this shard exited {exitCode}.");
            }
        }

        InputError[] missing = [.. share
            .Where(f => Gate.Core.Scanning.LfsPointerFiles.IsPointer(Path.Combine(settings.CheckedFolder, f)))
            .Select(f => new InputError(InputErrorKind.FileNotReadable,
                $"the Git LFS content of '{f}' was not fetched, and with lfs: true every file of the share is read (a pointer has no records for the content rules); {(LfsShareFetch.Split([f], settings.CheckedFolderInRepository).Unnamed.Count > 0 ? "rename it: a Git LFS pattern cannot name a path holding , * ? [ ] \\ ! or # or blanks at its ends" : "the log above has git-lfs's words")}",
                SourceLocation.WholeFile(f)))];
        if (missing.Length > 0)
        {
            throw new GateInputException(missing);
        }
    }

    private async Task ReportToGitHubAsync(GateReport report, ReportPaths paths, bool failed, CancellationToken cancellationToken)
    {
        if (!settings.Comment && !settings.CheckRun)
        {
            return;
        }

        if (settings.Token is null || settings.Repository?.Split('/') is not [var owner, var repository])
        {
            Warn("Gate: comment and check-run need github-token and GITHUB_REPOSITORY; skipped reporting to GitHub. The verdict is unchanged.");
            return;
        }

        IGitHubClient client = CreateClient(settings.ApiUrl, settings.Token, settings.RequestTimeout);
        var reporter = new GitHubReporter(client, owner, repository, new RetryPolicy(settings.RetryBaseDelay));
        var pullRequest = PullRequestContext.Read(settings.EventName, settings.EventPath);
        string markdown = MarkdownReportWriter.WriteToString(report, MarkdownReportWriter.CommentLimit - GitHubReporter.CommentMarker.Length - 1, paths);

        if (settings.CheckRun)
        {
            string? sha = pullRequest.HeadSha ?? settings.Sha;
            await BestEffortAsync("create the check run", async () =>
            {
                if (sha is null)
                {
                    throw new InvalidOperationException("no commit SHA (GITHUB_SHA) to attach it to");
                }

                var conclusion = failed ? CheckConclusion.Failure : report.Verdict == Verdict.Fail ? CheckConclusion.Neutral : CheckConclusion.Success;
                string title = $"{report.Verdict.ToName()}: {report.Summary.Errors} error(s), {report.Summary.Warnings} warning(s)";
                await reporter.PublishCheckRunAsync(sha, title, markdown, conclusion, GitHubReporter.Annotations(report, paths), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        if (settings.Comment)
        {
            if (pullRequest.Number is not { } number)
            {
                log.WriteLine("Gate: not a pull request event; no PR comment.");
                return;
            }

            await BestEffortAsync("update the pull request comment", () => reporter.UpsertCommentAsync(number, markdown, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task BestEffortAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        // Any failure while reporting — an API error, a refused or reset connection (which can surface
        // as a bare SocketException or IOException), a timeout — is a warning: the verdict stands.
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            string why = ex switch
            {
                ForbiddenException or AuthorizationException =>
                    "the token may not (a pull request from a fork gets a read-only token; grant checks: write and pull-requests: write)",
                ApiException api => $"GitHub answered {(int)api.StatusCode}: {api.ApiError?.Message ?? api.Message}",
                _ => ex.Message,
            };
            Warn($"Gate could not {what}: {why}. The verdict is unchanged.");
        }
    }

    private void Warn(string message)
    {
        log.WriteLine($"::warning::{GitHubCommandsWriter.EscapeData(message)}");
        _warnings.Add(message);
    }

    private static IGitHubClient CreateClient(Uri apiUrl, string token, TimeSpan timeout)
    {
        // Connection keeps the URL verbatim (GitHubClient(header, uri) would append api/v3/), so the
        // runner's GITHUB_API_URL works for github.com and GitHub Enterprise Server alike.
        var connection = new Connection(new Octokit.ProductHeaderValue("gate", "1"), apiUrl)
        {
            Credentials = new Credentials(token),
        };
        connection.SetRequestTimeout(timeout);
        return new GitHubClient(connection);
    }
}
