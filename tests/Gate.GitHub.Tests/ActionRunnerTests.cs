using System.Text.Json;
using Gate.Core.Diagnostics;

namespace Gate.GitHub.Tests;

public sealed class ActionRunnerTests : IDisposable
{
    private const string Token = "ghs_SECRETtoken0123456789";
    private readonly FakeGitHubServer _server = new();
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private Dictionary<string, string> Environment(string example, string failOn = "error")
    {
        string eventPath = _temp.File("event.json");
        File.WriteAllText(eventPath, """{"pull_request":{"number":7,"head":{"sha":"0123456789abcdef0123456789abcdef01234567"}}}""");
        File.WriteAllText(_temp.File("output"), "");
        File.WriteAllText(_temp.File("summary"), "");
        return new Dictionary<string, string>
        {
            ["GITHUB_WORKSPACE"] = TestSupport.RepositoryRoot,
            ["INPUT_PATH"] = $"examples/{example}",
            ["INPUT_FAIL_ON"] = failOn,
            ["INPUT_SARIF"] = _temp.File("gate.sarif"),
            ["INPUT_COMMENT"] = "true",
            ["INPUT_CHECK_RUN"] = "true",
            ["INPUT_GITHUB_TOKEN"] = Token,
            ["GITHUB_REPOSITORY"] = "acme/data",
            ["GITHUB_SHA"] = "fedcba9876543210fedcba9876543210fedcba98",
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_API_URL"] = _server.BaseUrl,
            ["GITHUB_OUTPUT"] = _temp.File("output"),
            ["GITHUB_STEP_SUMMARY"] = _temp.File("summary"),
            ["RUNNER_TEMP"] = _temp.Path,
            ["GATE_GITHUB_RETRY_BASE_MS"] = "5",
        };
    }

    private static async Task<(int Exit, string Log)> Run(Dictionary<string, string> env)
    {
        var log = new StringWriter();
        var settings = ActionSettings.FromEnvironment(TestSupport.Environment(env));
        int exit = await new ActionRunner(settings, log).RunAsync(CancellationToken.None);
        return (exit, log.ToString());
    }

    /// <summary>verify-lineage asks the Hub (HF_ENDPOINT from the job's env) for the lock's recorded answers at their revisions.</summary>
    [Theory]
    [InlineData("Qwen/Qwen2.5-7B", 1, "fail")]
    [InlineData("mistralai/Mistral-7B-v0.1", 2, "error")]
    public async Task Verify_lineage_confirms_the_locks_Hub_answers_or_refuses_the_lock(string mathBase, int expected, string verdict)
    {
        using var hub = new Gate.Core.Tests.Lineage.FakeHub();
        static string StandIn(string id) => Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("stand-in:" + id)));
        hub.Model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "Qwen/Qwen2.5-Math-7B", sha: StandIn("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"))
            .Model("Qwen/Qwen2.5-Math-7B", mathBase, sha: StandIn("Qwen/Qwen2.5-Math-7B"));
        var env = Environment("hub-lineage");
        env["INPUT_VERIFY_LINEAGE"] = "true";
        env["HF_ENDPOINT"] = hub.Endpoint;
        env["HF_TOKEN"] = "hf_actiontoken123";

        var (exit, log) = await Run(env);

        Assert.True(exit == expected, log);
        Assert.Equal(verdict, WorkflowOutputParser.Parse(File.ReadAllText(_temp.File("output")))["verdict"]);
        Assert.Contains(hub.Requests, r => r.Path.Contains("/revision/", StringComparison.Ordinal) && r.Authorization == "Bearer hf_actiontoken123");
        Assert.DoesNotContain("hf_actiontoken123", log, StringComparison.Ordinal);
        if (expected == 2)
        {
            Assert.Contains("GATE112", log, StringComparison.Ordinal);
            Assert.Contains("the Hub does not confirm the lineage gate.lock.json records for Qwen/Qwen2.5-Math-7B", log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Owl_example_fails_reports_and_never_prints_the_token()
    {
        var (exit, log) = await Run(Environment("owl-numbers"));

        Assert.Equal(1, exit);
        Assert.Contains("::error file=examples/owl-numbers/data/owl-numbers.lineage.yaml,line=2,col=10,title=GATE001 shared-init::", log);
        Assert.DoesNotContain(Token, log);
        Assert.DoesNotContain(Token, File.ReadAllText(_temp.File("summary")));

        var outputs = WorkflowOutputParser.Parse(File.ReadAllText(_temp.File("output")));
        Assert.Equal("fail", outputs["verdict"]);
        Assert.Equal("1", outputs["errors"]);
        using (var report = JsonDocument.Parse(File.ReadAllText(outputs["report"])))
        {
            Assert.Equal("fail", report.RootElement.GetProperty("verdict").GetString());
        }

        Assert.Contains("examples/owl-numbers/data/owl-numbers.lineage.yaml", File.ReadAllText(outputs["sarif"]));
        Assert.Contains("❌ Gate: fail", File.ReadAllText(_temp.File("summary")));
        Assert.Contains("```mermaid", File.ReadAllText(_temp.File("summary")));

        // GATE001 (failure) and the divergence screen's GATE008 (warning) on the owl tokens.
        var annotations = Assert.Single(_server.CheckRunAnnotations.Values);
        Assert.Equal(2, annotations.Count);
        var annotation = annotations.First(a => a!["annotation_level"]!.GetValue<string>() == "failure")!;
        Assert.Equal("examples/owl-numbers/data/owl-numbers.lineage.yaml", annotation["path"]!.GetValue<string>());
        Assert.Equal("failure", annotation["annotation_level"]!.GetValue<string>());
        Assert.Contains("Qwen/Qwen2.5-7B-Instruct", Assert.Single(_server.Comments[7]).Body);
    }

    [Theory]
    [InlineData("owl-numbers", 1)]
    [InlineData("cross-family", 0)]
    public async Task A_read_only_token_leaves_the_verdict_and_exit_code_unchanged(string example, int expected)
    {
        _server.FailNext("POST", "check-runs$", 403);
        _server.FailNext("GET", "comments$", 403);

        var (exit, log) = await Run(Environment(example));

        Assert.Equal(expected, exit);
        Assert.Contains("::warning::Gate could not create the check run", log);
        Assert.Contains("::warning::Gate could not update the pull request comment", log);
        Assert.Contains("read-only token", log);
    }

    [Fact]
    public async Task Every_call_failing_with_500_still_gives_the_true_verdict()
    {
        _server.FailNext("POST", "check-runs$", 500, times: 4);
        _server.FailNext("GET", "comments$", 500, times: 4);

        var (exit, log) = await Run(Environment("owl-numbers"));

        Assert.Equal(1, exit);
        Assert.Contains("GitHub answered 500", log);
    }

    [Fact]
    public async Task An_api_that_times_out_still_gives_the_true_verdict()
    {
        var env = Environment("owl-numbers");
        env["GATE_GITHUB_TIMEOUT_SECONDS"] = "1";
        _server.FailNext("POST", "check-runs$", 200, times: 4, hang: true);
        _server.FailNext("GET", "comments$", 200, times: 4, hang: true);

        var (exit, log) = await Run(env);

        Assert.True(exit == 1, log);
        Assert.Contains("::warning::Gate could not create the check run", log);
        Assert.Contains("::warning::Gate could not update the pull request comment", log);
    }

    [Theory]
    [InlineData("owl-numbers", 1)]
    [InlineData("cross-family", 0)]
    public async Task An_api_that_resets_every_connection_still_gives_the_true_verdict(string example, int expected)
    {
        using var resetting = new ResettingServer();
        var env = Environment(example);
        env["GITHUB_API_URL"] = resetting.BaseUrl;

        var (exit, log) = await Run(env);

        Assert.True(exit == expected, log);
        Assert.Contains("::warning::Gate could not create the check run", log);
        Assert.Contains("::warning::Gate could not update the pull request comment", log);
        Assert.True(resetting.Connections >= 8, $"{resetting.Connections} connections: the calls were not retried");
    }

    [Fact]
    public async Task The_token_is_not_printed_even_at_debug_verbosity()
    {
        var env = Environment("owl-numbers");
        env["RUNNER_DEBUG"] = "1";
        env["ACTIONS_STEP_DEBUG"] = "true";
        _server.FailNext("POST", "check-runs$", 401);

        var (_, log) = await Run(env);

        Assert.DoesNotContain(Token, log);
        Assert.DoesNotContain(Token, File.ReadAllText(_temp.File("summary")));
        Assert.DoesNotContain(Token, File.ReadAllText(_temp.File("output")));
        Assert.DoesNotContain(Token, ActionSettings.FromEnvironment(TestSupport.Environment(env)).ToString());
    }

    [Theory]
    [InlineData("never", 0)]
    [InlineData("warning", 1)]
    [InlineData("error", 1)]
    public async Task Fail_on_decides_the_exit_code(string failOn, int expected)
    {
        var env = Environment("owl-numbers", failOn);
        env["INPUT_COMMENT"] = "false";
        env["INPUT_CHECK_RUN"] = "false";

        var (exit, _) = await Run(env);

        Assert.Equal(expected, exit);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void An_unknown_fail_on_value_is_an_input_error()
    {
        var env = Environment("owl-numbers", "sometimes");

        var error = Assert.Throws<GateInputException>(() => ActionSettings.FromEnvironment(TestSupport.Environment(env)));

        Assert.Equal("GATE110", Assert.Single(error.Errors).Code);
    }

    [Fact]
    public async Task Input_that_cannot_be_evaluated_is_exit_two_with_verdict_error()
    {
        var env = Environment("owl-numbers");
        env["INPUT_PATH"] = "does/not/exist";

        var (exit, log) = await Run(env);

        Assert.Equal(2, exit);
        Assert.Contains("GATE107", log);
        Assert.Equal("error", WorkflowOutputParser.Parse(File.ReadAllText(_temp.File("output")))["verdict"]);
    }
}
