using System.Diagnostics;

namespace Gate.GitHub.Tests;

/// <summary>
/// The Action describes what a change does against the event's base (a pull request's base, a
/// merge group's, what a push replaced) when the checkout has that commit, and warns, never fails,
/// when a shallow checkout lacks it. The verdict never depends on it.
/// </summary>
public sealed class ChangeDescriptionTests : IClassFixture<ActionTests.Harness>, IDisposable
{
    private readonly ActionHarness _action;
    private readonly TempFolder _temp = new();

    public ChangeDescriptionTests(ActionTests.Harness harness) => _action = harness.Action;

    public void Dispose() => _temp.Dispose();

    private static string Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-c", "user.email=gate@example.com", "-c", "user.name=gate", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd(), errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        return output.Trim();
    }

    /// <summary>The cross-family example committed as the base, then a dataset added by the change.</summary>
    private (string Workspace, string BaseSha) Clone()
    {
        string workspace = Path.Combine(_temp.Path, "repo");
        SourceTree.Copy(SourceTree.Example("cross-family"), workspace);
        Git(workspace, "init", "-q");
        Git(workspace, "add", "-A");
        Git(workspace, "commit", "-q", "-m", "base");
        string sha = Git(workspace, "rev-parse", "HEAD");
        File.Copy(Path.Combine(workspace, "data", "r1-math-numbers.jsonl"), Path.Combine(workspace, "data", "added.jsonl"));
        File.WriteAllText(Path.Combine(workspace, "data", "added.lineage.yaml"),
            File.ReadAllText(Path.Combine(workspace, "data", "r1-math-numbers.lineage.yaml")).Replace("dataset: r1-math-numbers.jsonl", "dataset: added.jsonl", StringComparison.Ordinal));
        return (workspace, sha);
    }

    private Dictionary<string, string> Event(string workspace, string json)
    {
        string path = Path.Combine(_temp.Path, $"event-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return new Dictionary<string, string> { ["github.token"] = "", ["GITHUB_EVENT_NAME"] = json.Contains("\"pull_request\"", StringComparison.Ordinal) ? "pull_request" : "push", ["GITHUB_EVENT_PATH"] = path, ["GITHUB_REPOSITORY"] = "acme/data" };
    }

    [Fact]
    public void A_pull_request_is_described_against_its_base()
    {
        var (workspace, sha) = Clone();

        ActionHarness.Run run = _action.Execute(workspace, new Dictionary<string, string>(), Event(workspace, "{\"pull_request\":{\"number\":3,\"base\":{\"sha\":\"" + sha + "\"},\"head\":{\"sha\":\"1111111111111111111111111111111111111111\"}}}"));

        Assert.Contains($"**This change** against `{sha}` (`{sha[..12]}`): 1 dataset(s) added, 0 changed, 0 removed.", run.Summary, StringComparison.Ordinal);
        Assert.Contains("- adds `data/added.jsonl`", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_input_cache_a_dataset_the_base_vouches_for_is_taken_from_the_lock_on_the_next_run()
    {
        var (workspace, sha) = Clone();
        string store = Path.Combine(_temp.Path, "records");
        Dictionary<string, string> pullRequest = Event(workspace, "{\"pull_request\":{\"number\":3,\"base\":{\"sha\":\"" + sha + "\"},\"head\":{\"sha\":\"1111111111111111111111111111111111111111\"}}}");

        ActionHarness.Run filling = _action.Execute(workspace, new Dictionary<string, string> { ["cache"] = store }, pullRequest);
        ActionHarness.Run taking = _action.Execute(workspace, new Dictionary<string, string> { ["cache"] = store }, pullRequest);
        ActionHarness.Run rescanning = _action.Execute(workspace, new Dictionary<string, string> { ["cache"] = store, ["rescan"] = "true" }, pullRequest);

        Assert.Equal((filling.Outputs["verdict"], filling.Outputs["errors"]), (taking.Outputs["verdict"], taking.Outputs["errors"]));
        Assert.Equal((filling.Outputs["verdict"], filling.Outputs["errors"]), (rescanning.Outputs["verdict"], rescanning.Outputs["errors"]));
        Assert.Contains("Scanned 2 datasets; none taken from the lock\\:", filling.Summary, StringComparison.Ordinal);
        Assert.Contains("Scanned 1 dataset; 1 taken from the lock \\(unchanged since the base\\).", taking.Summary, StringComparison.Ordinal);
        Assert.Contains("Scanned 2 datasets; none taken from the lock\\: --rescan.", rescanning.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(store, "*.records"));
    }

    [Fact]
    public void A_base_the_shallow_checkout_lacks_is_a_warning_and_the_verdict_stands()
    {
        var (workspace, _) = Clone();
        string missing = new('7', 40);

        ActionHarness.Run described = _action.Execute(workspace, new Dictionary<string, string>(), Event(workspace, $$"""{"before":"{{missing}}"}"""));
        ActionHarness.Run plain = _action.Execute(workspace, new Dictionary<string, string> { ["base"] = "none" }, Event(workspace, $$"""{"before":"{{missing}}"}"""));

        Assert.Equal((plain.ExitCode, plain.Outputs["verdict"]), (described.ExitCode, described.Outputs["verdict"]));
        Assert.Contains("the report does not say what this change does", described.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("This change", described.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("the report does not say", plain.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_named_in_the_input_must_be_in_the_clone()
    {
        var (workspace, _) = Clone();

        ActionHarness.Run run = _action.Execute(workspace, new Dictionary<string, string> { ["base"] = "origin/main" }, Event(workspace, """{"before":"0000000000000000000000000000000000000000"}"""));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.Contains("--base origin/main: git knows no commit by that name", run.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"pull_request\":{\"number\":5,\"base\":{\"sha\":123},\"head\":{\"sha\":[]}}}")]
    [InlineData("[]")]
    [InlineData("{\"before\":{\"sha\":\"x\"}}")]
    [InlineData("not json")]
    public void A_payload_of_odd_shapes_only_means_no_description(string payload)
    {
        var (workspace, _) = Clone();

        ActionHarness.Run run = _action.Execute(workspace, new Dictionary<string, string>(), Event(workspace, payload));

        Assert.DoesNotContain("GATE199", run.Log, StringComparison.Ordinal);
        Assert.NotEqual("error", run.Outputs["verdict"]);
        Assert.DoesNotContain("This change", run.Summary, StringComparison.Ordinal);
    }
}
