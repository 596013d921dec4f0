using Gate.Core.Policy;
using Gate.Core.Reports;
using Octokit;

namespace Gate.GitHub;

/// <summary>
/// Reports to GitHub through Octokit: a check run carrying every annotation (created with the
/// first 50, then updated in batches of 50 — GitHub's per-request limit, accumulated by GitHub),
/// and one sticky PR comment found by a hidden marker and updated in place.
/// </summary>
internal sealed class GitHubReporter(IGitHubClient client, string owner, string repository, RetryPolicy retry)
{
    public const string CommentMarker = "<!-- gate-report -->";
    public const int AnnotationsPerRequest = 50;
    public const string CheckRunName = "Gate";

    public async Task<long> PublishCheckRunAsync(string headSha, string title, string summary, CheckConclusion conclusion,
        IReadOnlyList<NewCheckRunAnnotation> annotations, CancellationToken cancellationToken)
    {
        NewCheckRunOutput Output(IEnumerable<NewCheckRunAnnotation> batch) =>
            new(title, summary) { Annotations = batch.ToList() };

        var create = new NewCheckRun(CheckRunName, headSha)
        {
            Status = CheckStatus.Completed,
            Conclusion = conclusion,
            Output = Output(annotations.Take(AnnotationsPerRequest)),
        };
        CheckRun run = await retry.ExecuteAsync(() => client.Check.Run.Create(owner, repository, create), cancellationToken).ConfigureAwait(false);

        for (int start = AnnotationsPerRequest; start < annotations.Count; start += AnnotationsPerRequest)
        {
            var update = new CheckRunUpdate { Output = Output(annotations.Skip(start).Take(AnnotationsPerRequest)) };
            await retry.ExecuteAsync(() => client.Check.Run.Update(owner, repository, run.Id, update), cancellationToken).ConfigureAwait(false);
        }

        return run.Id;
    }

    /// <summary>Updates the PR comment that carries the marker, or creates it. Returns the comment id.</summary>
    public async Task<long> UpsertCommentAsync(int pullRequest, string markdown, CancellationToken cancellationToken)
    {
        string body = CommentMarker + "\n" + markdown;
        IReadOnlyList<IssueComment> comments = await retry.ExecuteAsync(
            () => client.Issue.Comment.GetAllForIssue(owner, repository, pullRequest), cancellationToken).ConfigureAwait(false);
        IssueComment? existing = comments.FirstOrDefault(c => c.Body?.Contains(CommentMarker, StringComparison.Ordinal) == true);
        IssueComment written = existing is null
            ? await retry.ExecuteAsync(() => client.Issue.Comment.Create(owner, repository, pullRequest, body), cancellationToken).ConfigureAwait(false)
            : await retry.ExecuteAsync(() => client.Issue.Comment.Update(owner, repository, existing.Id, body), cancellationToken).ConfigureAwait(false);
        return written.Id;
    }

    /// <summary>One annotation per finding that counts toward the verdict, with repository-relative paths.</summary>
    public static IReadOnlyList<NewCheckRunAnnotation> Annotations(GateReport report, ReportPaths paths) =>
        report.Findings.Where(f => f.IsActive).Select(f => Annotation(FindingAnnotation.From(f, paths))).ToArray();

    private static NewCheckRunAnnotation Annotation(FindingAnnotation finding)
    {
        // A check-run annotation needs a line: a finding about a whole file is at line 1.
        int line = finding.Line ?? 1;
        var level = finding.Severity switch
        {
            Severity.Error => CheckAnnotationLevel.Failure,
            Severity.Warning => CheckAnnotationLevel.Warning,
            _ => CheckAnnotationLevel.Notice,
        };
        var annotation = new NewCheckRunAnnotation(finding.File, line, line, level, finding.Message)
        {
            Title = finding.Title,
        };
        if (finding.Column is { } column)
        {
            // GitHub accepts columns only on single-line annotations.
            annotation.StartColumn = column;
            annotation.EndColumn = column;
        }

        return annotation;
    }
}
