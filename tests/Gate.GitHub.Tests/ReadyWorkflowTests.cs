using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gate.GitHub.Tests;

/// <summary>
/// The Action as the README and the ready workflows (examples/workflows/) tell users to use it: the
/// Gate step of each, its <c>with:</c> inputs as written, run through action.yml as the runner would
/// on a checkout of an example; and the workflow grants the permissions those inputs need.
/// </summary>
public sealed class ReadyWorkflowTests : IClassFixture<ActionTests.Harness>, IDisposable
{
    private readonly ActionHarness _action;
    private readonly TempFolder _workspace = new();
    private readonly FakeGitHubServer _server = new();

    public ReadyWorkflowTests(ActionTests.Harness harness) => _action = harness.Action;

    public void Dispose()
    {
        _server.Dispose();
        _workspace.Dispose();
    }

    [Fact]
    public void The_readme_block_gates_a_pull_request_with_a_comment_and_a_check_run()
    {
        string readme = File.ReadAllText(Path.Combine(TestSupport.RepositoryRoot, "README.md"));
        Match block = Regex.Match(readme, "## GitHub Action\\s*```yaml\\n(?<body>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README's GitHub Action block");
        var steps = (YamlSequenceNode)Load(block.Groups["body"].Value);

        ActionHarness.Run run = RunGateStep(steps, "owl-numbers", "pull_request");

        Assert.True(run.ExitCode == 1, run.Log);
        Assert.Equal("fail", run.Outputs["verdict"]);
        Assert.Single(_server.Comments[12]);
        Assert.Single(_server.CheckRunAnnotations);
    }

    [Theory]
    [InlineData("pull_request", "owl-numbers", 1, true)]
    [InlineData("push", "owl-numbers", 1, false)]
    [InlineData("pull_request", "cross-family", 0, true)]
    public void The_ready_workflow_gates_as_written(string eventName, string example, int exitCode, bool comments)
    {
        var workflow = (YamlMappingNode)Load(File.ReadAllText(Path.Combine(TestSupport.RepositoryRoot, "examples", "workflows", "gate.yml")));
        Assert.Contains(eventName, ((YamlMappingNode)workflow["on"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        YamlSequenceNode steps = Steps(workflow);

        ActionHarness.Run run = RunGateStep(steps, example, eventName);

        Assert.True(run.ExitCode == exitCode, run.Log);
        Assert.Equal(exitCode == 0 ? "pass" : "fail", run.Outputs["verdict"]);
        Assert.Equal(comments, _server.Comments.ContainsKey(12));
        Assert.DoesNotContain(_server.Requests, r => r.Status >= 400);
        AssertPermissionsCover(workflow, GateInputs(steps, eventName));
    }

    /// <summary>fail-on: never lets the upload run; the last step fails the job unless the verdict is pass.</summary>
    [Fact]
    public void The_code_scanning_workflow_uploads_first_and_still_fails_the_job()
    {
        var workflow = (YamlMappingNode)Load(File.ReadAllText(Path.Combine(TestSupport.RepositoryRoot, "examples", "workflows", "gate-code-scanning.yml")));
        YamlSequenceNode steps = Steps(workflow);

        ActionHarness.Run run = RunGateStep(steps, "owl-numbers", "pull_request");

        Assert.True(run.ExitCode == 0, run.Log);
        Assert.True(File.Exists(run.Outputs["sarif"]), run.Log);
        YamlMappingNode upload = steps.Children.OfType<YamlMappingNode>().Single(s => Scalar(s, "uses")?.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal) == true);
        Assert.Equal("always() && steps.gate.outputs.sarif != ''", Scalar(upload, "if"));
        Assert.Equal("${{ steps.gate.outputs.sarif }}", Scalar((YamlMappingNode)upload["with"], "sarif_file"));
        YamlMappingNode last = steps.Children.OfType<YamlMappingNode>().Last();
        Assert.Equal("steps.gate.outputs.verdict != 'pass'", Scalar(last, "if"));
        Assert.Equal("exit 1", Scalar(last, "run"));
        Assert.NotEqual("pass", run.Outputs["verdict"]); // so that last step runs and fails the job
        AssertPermissionsCover(workflow, GateInputs(steps, "pull_request"));
        Assert.Equal("write", Scalar((YamlMappingNode)workflow["permissions"], "security-events"));
    }

    private ActionHarness.Run RunGateStep(YamlSequenceNode steps, string example, string eventName)
    {
        // actions/checkout: the data repository at the workspace's root.
        Assert.StartsWith("actions/checkout@", Scalar((YamlMappingNode)steps.Children[0], "uses"), StringComparison.Ordinal);
        SourceTree.Copy(SourceTree.Example(example), _workspace.Path);
        string eventPath = _workspace.File("event.json");
        File.WriteAllText(eventPath, eventName == "pull_request"
            ? """{"pull_request":{"number":12,"head":{"sha":"1111111111111111111111111111111111111111"}}}"""
            : """{"ref":"refs/heads/main"}""");
        return _action.Execute(_workspace.Path, GateInputs(steps, eventName), new Dictionary<string, string>
        {
            ["github.token"] = "ghs_harnessToken",
            ["GITHUB_REPOSITORY"] = "acme/data",
            ["GITHUB_SHA"] = "2222222222222222222222222222222222222222",
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_API_URL"] = _server.BaseUrl,
        });
    }

    /// <summary>The Gate step's <c>with:</c> as the runner would hand them over, its one expression evaluated.</summary>
    private Dictionary<string, string> GateInputs(YamlSequenceNode steps, string eventName)
    {
        YamlMappingNode gate = steps.Children.OfType<YamlMappingNode>().Single(s => Scalar(s, "uses")?.StartsWith("OWNER/gate@", StringComparison.Ordinal) == true);
        var inputs = new Dictionary<string, string>();
        if (gate.Children.TryGetValue(new YamlScalarNode("with"), out YamlNode? with))
        {
            foreach (var (key, value) in ((YamlMappingNode)with).Children)
            {
                string text = ((YamlScalarNode)value).Value ?? string.Empty;
                text = text.Replace("${{ github.event_name == 'pull_request' }}", eventName == "pull_request" ? "true" : "false", StringComparison.Ordinal)
                    .Replace("${{ runner.temp }}", _action.RunnerTemp, StringComparison.Ordinal);
                Assert.DoesNotContain("${{", text, StringComparison.Ordinal); // an expression this test does not know: teach it
                inputs[((YamlScalarNode)key).Value!] = text;
            }
        }

        return inputs;
    }

    /// <summary>comment: true needs pull-requests: write, check-run: true needs checks: write; contents: read always.</summary>
    private static void AssertPermissionsCover(YamlMappingNode workflow, Dictionary<string, string> inputs)
    {
        var permissions = (YamlMappingNode)workflow["permissions"];
        Assert.Equal("read", Scalar(permissions, "contents"));
        if (inputs.GetValueOrDefault("comment") == "true")
        {
            Assert.Equal("write", Scalar(permissions, "pull-requests"));
        }

        if (inputs.GetValueOrDefault("check-run") == "true")
        {
            Assert.Equal("write", Scalar(permissions, "checks"));
        }
    }

    private static YamlSequenceNode Steps(YamlMappingNode workflow) =>
        (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)workflow["jobs"])["gate"])["steps"];

    private static YamlNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? ((YamlScalarNode)value).Value : null;
}
