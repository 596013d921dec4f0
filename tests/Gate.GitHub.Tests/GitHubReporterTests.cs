using System.Net;
using Gate.Core.Reports;
using Octokit;

namespace Gate.GitHub.Tests;

public sealed class GitHubReporterTests : IDisposable
{
    private readonly FakeGitHubServer _server = new();

    public void Dispose() => _server.Dispose();

    private GitHubReporter Reporter()
    {
        var connection = new Connection(new ProductHeaderValue("gate-tests"), new Uri(_server.BaseUrl)) { Credentials = new Credentials("ghs_testtoken") };
        connection.SetRequestTimeout(TimeSpan.FromSeconds(5));
        return new GitHubReporter(new GitHubClient(connection), "acme", "data", new RetryPolicy(TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public async Task Check_run_carries_120_annotations_in_batches_of_50()
    {
        GateReport report = TestSupport.ReportWithFindings(120);
        var annotations = GitHubReporter.Annotations(report, ReportPaths.Relative);

        long id = await Reporter().PublishCheckRunAsync("abc123", "fail", "summary", CheckConclusion.Failure, annotations, CancellationToken.None);

        var calls = _server.Requests.Where(r => r.Path.Contains("check-runs", StringComparison.Ordinal)).ToList();
        Assert.Equal(["POST", "PATCH", "PATCH"], calls.Select(c => c.Method));
        Assert.Equal(120, _server.CheckRunAnnotations[id].Count);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"finding {i}: teacher and student share an initialization"),
            _server.CheckRunAnnotations[id].Select(a => a["message"]!.GetValue<string>()));
        Assert.All(calls, c => Assert.Equal("Token ghs_testtoken", c.Authorization));
    }

    [Fact]
    public async Task Comment_is_created_once_then_updated_in_place()
    {
        GitHubReporter reporter = Reporter();

        long first = await reporter.UpsertCommentAsync(7, "first report", CancellationToken.None);
        long second = await reporter.UpsertCommentAsync(7, "second report", CancellationToken.None);

        Assert.Equal(first, second);
        var (_, body) = Assert.Single(_server.Comments[7]);
        Assert.StartsWith(GitHubReporter.CommentMarker, body);
        Assert.Contains("second report", body);
        Assert.Single(_server.Requests, r => r.Method == "POST");
        Assert.Single(_server.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task A_comment_without_the_marker_is_left_alone()
    {
        _server.Comments[7] = [(1, "a human's comment")];

        await Reporter().UpsertCommentAsync(7, "report", CancellationToken.None);

        Assert.Equal(2, _server.Comments[7].Count);
        Assert.Equal("a human's comment", _server.Comments[7][0].Body);
    }

    [Fact]
    public async Task Retries_after_a_502_and_a_429_with_retry_after()
    {
        _server.FailNext("POST", "check-runs$", 502);
        _server.FailNext("POST", "check-runs$", 429, retryAfter: "1");
        var annotations = GitHubReporter.Annotations(TestSupport.ReportWithFindings(3), ReportPaths.Relative);
        var started = System.Diagnostics.Stopwatch.StartNew();

        long id = await Reporter().PublishCheckRunAsync("abc", "t", "s", CheckConclusion.Failure, annotations, CancellationToken.None);

        Assert.Equal([502, 429, 201], _server.Requests.Select(r => r.Status));
        Assert.Equal(3, _server.CheckRunAnnotations[id].Count);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured");
    }

    [Fact]
    public async Task A_403_is_not_retried()
    {
        _server.FailNext("POST", "comments$", 403, times: 5);
        _server.Comments[7] = [];

        await Assert.ThrowsAsync<ForbiddenException>(() => Reporter().UpsertCommentAsync(7, "report", CancellationToken.None));

        Assert.Single(_server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Gives_up_after_persistent_5xx()
    {
        _server.FailNext("POST", "check-runs$", 500, times: 10);

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            Reporter().PublishCheckRunAsync("abc", "t", "s", CheckConclusion.Failure, [], CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(4, _server.Requests.Count);
    }
}
