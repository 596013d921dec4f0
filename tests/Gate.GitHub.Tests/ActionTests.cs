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

    private ActionHarness.Run Run(string example, Dictionary<string, string>? inputs = null, Dictionary<string, string>? machine = null)
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
        }, machine);
    }

    /// <summary>
    /// The step starts in the pull request's checkout, whose global.json the dotnet launcher would
    /// read (and, since .NET 10, whose sdk.paths could point at an "SDK" the pull request ships). The
    /// action builds and runs its host from its own folder, so a global.json in the repository changes
    /// nothing: here one that names an SDK no machine has would otherwise fail the build.
    /// </summary>
    [Fact]
    public void A_global_json_in_the_checked_out_repository_does_not_choose_the_SDK()
    {
        File.WriteAllText(_workspace.File("global.json"), """{"sdk":{"version":"9.9.999","rollForward":"disable","paths":[".sdk"]}}""");

        var run = Run("owl-numbers");

        Assert.True(run.ExitCode == 1, run.Log);
        Assert.Equal("fail", run.Outputs["verdict"]);
        Assert.DoesNotContain("did not build", run.Log, StringComparison.Ordinal);
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

    /// <summary>The outputs and the summary of a step that ended without a verdict: what every such path must leave.</summary>
    private static void AssertNotEvaluated(ActionHarness.Run run, string because)
    {
        Assert.True(run.ExitCode == 2, run.Log);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.Equal("1", run.Outputs["errors"]);
        Assert.Equal("0", run.Outputs["warnings"]);
        Assert.Equal("", run.Outputs["report"]);
        Assert.Equal("", run.Outputs["sarif"]);
        Assert.Contains("## ⛔ Gate: could not evaluate", run.Summary);
        Assert.Contains(because, run.Summary);
    }

    [Fact]
    public void An_unusable_input_sets_verdict_error_and_says_so_in_the_summary()
    {
        var run = Run("owl-numbers", new() { ["fail-on"] = "sometimes" });

        AssertNotEvaluated(run, "error GATE110: the input fail-on must be error, warning or never, not 'sometimes'");
        Assert.Contains("::error title=GATE110::the input fail-on must be", run.Log);
    }

    [Fact]
    public void A_host_failure_before_the_verdict_sets_verdict_error_and_says_so()
    {
        // The SARIF path lies below a file: writing it fails after the check, before the outputs.
        var run = Run("owl-numbers", new() { ["sarif"] = "datasets/gate.yaml/results.sarif" });

        AssertNotEvaluated(run, "error GATE107: a file Gate needs cannot be read or written");
    }

    [Fact]
    public void A_missing_token_is_a_warning_in_the_log_and_the_summary_and_the_verdict_stands()
    {
        var run = Run("owl-numbers", new() { ["comment"] = "true", ["github-token"] = "" });

        Assert.True(run.ExitCode == 1, run.Log);
        Assert.Equal("fail", run.Outputs["verdict"]);
        Assert.Contains("::warning::Gate: comment and check-run need github-token", run.Log);
        Assert.Contains("> ⚠️ Gate\\: comment and check-run need github-token and GITHUB\\_REPOSITORY; skipped reporting to GitHub", run.Summary);
        Assert.Contains("| ❌ error | GATE001 | shared-init |", run.Summary);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void A_host_that_does_not_build_sets_verdict_error_and_exit_two()
    {
        var run = Run("owl-numbers", machine: FakeDotnet("case \"$1\" in build) echo 'error CS1002: ; expected' >&2; exit 1 ;; *) exit 0 ;; esac"));

        AssertNotEvaluated(run, "the action's host did not build (dotnet build exited 1)");
        Assert.Contains("::error title=Gate could not run::the action's host did not build", run.Log);
    }

    [Theory]
    [InlineData("exit 134", "stopped with exit code 134")] // crashed or killed
    [InlineData("exit 0", "exited 0 without a verdict")] // never a silent pass
    public void A_host_that_stops_without_a_verdict_sets_verdict_error_and_exit_two(string run, string because)
    {
        var result = Run("owl-numbers", machine: FakeDotnet($"case \"$1\" in build) exit 0 ;; *) {run} ;; esac"));

        AssertNotEvaluated(result, because);
    }

    /// <summary>A <c>PATH</c> whose <c>dotnet</c> is the given shell script.</summary>
    private Dictionary<string, string> FakeDotnet(string script)
    {
        string bin = Path.Combine(_workspace.Path, "fake-bin");
        Directory.CreateDirectory(bin);
        string dotnet = Path.Combine(bin, "dotnet");
        File.WriteAllText(dotnet, "#!/bin/sh\n" + script + "\n");
        if (!OperatingSystem.IsWindows()) // the harness runs bash; the guard is for the analyzer
        {
            File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new() { ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") };
    }

    private static void CopyExample(string example, string target) => SourceTree.Copy(SourceTree.Example(example), target);
}
