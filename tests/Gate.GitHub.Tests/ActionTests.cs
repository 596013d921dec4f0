namespace Gate.GitHub.Tests;

/// <summary>action.yml, run as the runner would run it, on the shipped examples.</summary>
public sealed class ActionTests : IClassFixture<ActionTests.Harness>, IDisposable
{
    private readonly ActionHarness _action;
    private readonly TempFolder _workspace = new();
    private readonly FakeGitHubServer _server = new();

    public ActionTests(Harness harness) => _action = harness.Action;

    public sealed class Harness : IDisposable
    {
        public ActionHarness Action { get; } = new();

        public void Dispose() => Action.Dispose();
    }

    public void Dispose()
    {
        _server.Dispose();
        _workspace.Dispose();
    }

    private ActionHarness.Run Run(string example, Dictionary<string, string>? inputs = null)
    {
        CopyExample(example, Path.Combine(_workspace.Path, "datasets"));
        string eventPath = _workspace.File("event.json");
        File.WriteAllText(eventPath, """{"pull_request":{"number":12,"head":{"sha":"1111111111111111111111111111111111111111"}}}""");
        var given = new Dictionary<string, string> { ["path"] = "datasets" };
        foreach (var (key, value) in inputs ?? [])
        {
            given[key] = value;
        }

        return _action.Execute(_workspace.Path, given, new Dictionary<string, string>
        {
            ["github.token"] = "ghs_harnessToken",
            ["GITHUB_REPOSITORY"] = "acme/data",
            ["GITHUB_SHA"] = "2222222222222222222222222222222222222222",
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_API_URL"] = _server.BaseUrl,
        });
    }

    [Fact]
    public void Owl_example_fails_the_step_with_outputs_summary_and_sarif()
    {
        var run = Run("owl-numbers");

        Assert.True(run.ExitCode == 1, run.Log);
        Assert.Equal("fail", run.Outputs["verdict"]);
        Assert.Equal("1", run.Outputs["errors"]);
        Assert.Equal("1", run.Outputs["warnings"]); // GATE008 divergence names the owl tokens
        Assert.True(File.Exists(run.Outputs["report"]), run.Log);
        Assert.Equal(_workspace.File("gate-results.sarif"), run.Outputs["sarif"]);
        Assert.Contains("\"uri\": \"datasets/data/owl-numbers.lineage.yaml\"", File.ReadAllText(run.Outputs["sarif"]));
        Assert.Contains("| ❌ error | GATE001 | shared-init |", run.Summary);
        Assert.Contains("```mermaid", run.Summary);
        Assert.Contains("::error file=datasets/data/owl-numbers.lineage.yaml,line=2,col=10,title=GATE001 shared-init::", run.Log);
        Assert.Equal(["actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9"], run.SkippedSteps);
        Assert.Empty(_server.Requests); // comment and check-run are off by default
    }

    [Fact]
    public void Cross_family_example_passes()
    {
        var run = Run("cross-family");

        Assert.True(run.ExitCode == 0, run.Log);
        Assert.Equal("pass", run.Outputs["verdict"]);
        Assert.Contains("✅ Gate: pass", run.Summary);
    }

    [Theory]
    [InlineData("never", 0)]
    [InlineData("warning", 1)]
    public void The_step_fails_only_when_fail_on_says_so(string failOn, int expected)
    {
        var run = Run("owl-numbers", new() { ["fail-on"] = failOn });

        Assert.True(run.ExitCode == expected, run.Log);
        Assert.Equal("fail", run.Outputs["verdict"]);
    }

    [Fact]
    public void Comment_and_check_run_reach_the_api_with_the_default_token()
    {
        var run = Run("owl-numbers", new() { ["comment"] = "true", ["check-run"] = "true" });

        Assert.True(run.ExitCode == 1, run.Log);
        Assert.Single(_server.Comments[12]);
        Assert.Single(_server.CheckRunAnnotations);
        Assert.All(_server.Requests, r => Assert.Equal("Token ghs_harnessToken", r.Authorization));
        Assert.DoesNotContain("ghs_harnessToken", run.Log);
    }

    private static void CopyExample(string example, string target) => SourceTree.Copy(SourceTree.Example(example), target);
}
