using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gate.GitHub.Tests;

/// <summary>
/// The reusable workflow .github/workflows/gate-sharded.yml run as the runner would run it: the plan
/// job's script numbers the shards; each matrix job checks out the repository, runs the Gate step
/// with its <c>with:</c> as written (through action.yml) and uploads the part; the merge job
/// downloads every part into one folder and runs the Gate step with them. Its verdict and report
/// are those of one run of the Action on the same repository.
/// </summary>
public sealed partial class ShardedWorkflowTests : IClassFixture<ActionTests.Harness>, IDisposable
{
    private readonly ActionHarness _action;
    private readonly TempFolder _temp = new();
    private readonly YamlMappingNode _workflow;

    public ShardedWorkflowTests(ActionTests.Harness harness)
    {
        _action = harness.Action;
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(TestSupport.RepositoryRoot, ".github", "workflows", "gate-sharded.yml"))));
        _workflow = (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("owl-numbers", 3, 1, "fail")]
    [InlineData("cross-family", 2, 0, "pass")]
    public void The_workflow_reports_what_one_run_of_the_action_reports(string example, int shards, int exitCode, string verdict)
    {
        var call = new Dictionary<string, string> { ["shards"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        ActionHarness.Run single = _action.Execute(Checkout(example, "single"), Inputs(new Dictionary<string, string>()), GitHub());
        string singleReport = File.ReadAllText(single.Outputs["report"]);

        string[] matrix = Plan(call);
        Assert.Equal(Enumerable.Range(1, shards).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)), matrix);
        string artifacts = Path.Combine(_temp.Path, "artifacts");
        foreach (string shard in matrix)
        {
            var values = Values(call, shard);
            YamlSequenceNode steps = Steps("shard");
            Assert.Equal("false", With(Step(steps, "actions/checkout@"), values)["lfs"]);
            ActionHarness.Run run = _action.Execute(Checkout(example, $"shard-{shard}"), With(Step(steps, "OWNER/gate@"), values), GitHub());
            Assert.True(run.ExitCode == 0, run.Log);
            Assert.Equal("scanned", run.Outputs["verdict"]);
            values["steps.gate.outputs.part"] = run.Outputs["part"];
            var upload = With(Step(steps, "actions/upload-artifact@"), values);
            Directory.CreateDirectory(Path.Combine(artifacts, upload["name"]));
            File.Copy(upload["path"], Path.Combine(artifacts, upload["name"], Path.GetFileName(upload["path"])));
        }

        var mergeValues = Values(call, shard: null);
        YamlSequenceNode merge = Steps("merge");
        var download = With(Step(merge, "actions/download-artifact@"), mergeValues);
        Assert.Equal(("gate-part-*", "true"), (download["pattern"], download["merge-multiple"]));
        Directory.CreateDirectory(download["path"]);
        foreach (string part in Directory.GetDirectories(artifacts, "gate-part-*").SelectMany(Directory.GetFiles))
        {
            File.Copy(part, Path.Combine(download["path"], Path.GetFileName(part))); // merge-multiple: one folder, so names must differ
        }

        ActionHarness.Run merged = _action.Execute(Checkout(example, "merge"), With(Step(merge, "OWNER/gate@"), mergeValues), GitHub());

        Assert.True(merged.ExitCode == exitCode, merged.Log);
        Assert.Equal(verdict, merged.Outputs["verdict"]);
        Assert.Equal((single.ExitCode, single.Outputs["verdict"]), (merged.ExitCode, merged.Outputs["verdict"]));
        Assert.Equal(singleReport, File.ReadAllText(merged.Outputs["report"]));
        Assert.Contains("Gate", merged.Summary, StringComparison.Ordinal);
        Assert.Equal("${{ jobs.merge.outputs.verdict }}", Scalar((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)_workflow["on"])["workflow_call"])["outputs"])["verdict"], "value"));
    }

    /// <summary>
    /// Data in Git LFS, checked out as pointers: each shard with lfs: true asks git-lfs for the
    /// objects of its own share and no others (a stand-in git on the runner's PATH records the calls
    /// and fetches from a local store), and the merged check is the check of the fetched content.
    /// </summary>
    [Fact]
    public void Each_shard_fetches_only_its_own_git_lfs_objects()
    {
        string store = Path.Combine(_temp.Path, "lfs-store");
        string fakeBin = Path.Combine(_temp.Path, "fake-bin");
        string gitLog = Path.Combine(_temp.Path, "git.log");
        Directory.CreateDirectory(store);
        Directory.CreateDirectory(fakeBin);
        File.WriteAllText(Path.Combine(fakeBin, "git"), """
            #!/usr/bin/env bash
            printf '%s\n' "$*" >>"$FAKE_GIT_LOG"
            [[ $1 == lfs && $2 == pull && $3 == --include=* ]] || exit 3
            IFS=, read -ra paths <<<"${3#--include=}"
            for p in "${paths[@]}"; do
              oid=$(sed -n 's/^oid sha256://p' "$p")
              cp "$FAKE_LFS_STORE/$oid" "$p"
            done
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows()) // the harness runs bash; the guard is for the analyzer
        {
            File.SetUnixFileMode(Path.Combine(fakeBin, "git"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var machine = new Dictionary<string, string>
        {
            ["PATH"] = fakeBin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_GIT_LOG"] = gitLog,
            ["FAKE_LFS_STORE"] = store,
        };
        ActionHarness.Run single = _action.Execute(Checkout("owl-numbers", "lfs-single"), new Dictionary<string, string>(), GitHub());

        var parts = new List<string>();
        foreach (int k in new[] { 1, 2 })
        {
            string workspace = Checkout("owl-numbers", $"lfs-shard-{k}");
            foreach (string file in new[] { "data/owl-numbers.jsonl", "refs/base-numbers.jsonl" })
            {
                byte[] content = File.ReadAllBytes(Path.Combine(workspace, file));
                string oid = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
                File.WriteAllBytes(Path.Combine(store, oid), content);
                File.WriteAllText(Path.Combine(workspace, file), $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {content.Length}\n");
            }

            ActionHarness.Run run = _action.Execute(workspace, new Dictionary<string, string> { ["shard"] = $"{k}/2", ["lfs"] = "true" }, GitHub(), machine);
            Assert.True(run.ExitCode == 0, run.Log);
            parts.Add(run.Outputs["part"]);
            string[] calls = File.ReadAllLines(gitLog);
            Assert.Equal(k, calls.Length);
            Assert.Matches("^lfs pull --include=(data/owl-numbers\\.jsonl|refs/base-numbers\\.jsonl) --exclude=$", calls[^1]);
        }

        Assert.NotEqual(File.ReadAllLines(gitLog)[0], File.ReadAllLines(gitLog)[1]);
        string folder = Path.Combine(_temp.Path, "lfs-parts");
        Directory.CreateDirectory(folder);
        parts.ForEach(p => File.Copy(p, Path.Combine(folder, Path.GetFileName(p))));
        ActionHarness.Run merged = _action.Execute(Checkout("owl-numbers", "lfs-merge"), new Dictionary<string, string> { ["parts"] = folder }, GitHub());

        Assert.Equal((single.ExitCode, single.Outputs["verdict"]), (merged.ExitCode, merged.Outputs["verdict"]));
        Assert.Equal(File.ReadAllText(single.Outputs["report"]), File.ReadAllText(merged.Outputs["report"]));
    }

    /// <summary>
    /// With lfs: true, a file of the share still a pointer after the fetch (the pull failed, or no
    /// pattern can name it) stops the shard: its records would otherwise be left out of the content rules.
    /// </summary>
    [Theory]
    [InlineData("data/owl-numbers.jsonl", "exit 1", "the log above has git-lfs's words")]
    [InlineData("data/owl,numbers.jsonl", "exit 0", "rename it")]
    public void A_share_whose_git_lfs_content_is_not_fetched_stops_the_shard(string dataFile, string gitBehaviour, string expected)
    {
        string fakeBin = Path.Combine(_temp.Path, "fake-bin-failing");
        Directory.CreateDirectory(fakeBin);
        File.WriteAllText(Path.Combine(fakeBin, "git"), "#!/usr/bin/env bash\n" + gitBehaviour + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(fakeBin, "git"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string workspace = Checkout("owl-numbers", "lfs-failing");
        string content = File.ReadAllText(Path.Combine(workspace, "data/owl-numbers.jsonl"));
        File.Delete(Path.Combine(workspace, "data/owl-numbers.jsonl"));
        string oid = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
        File.WriteAllText(Path.Combine(workspace, dataFile), $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {content.Length}\n");
        string manifest = Path.Combine(workspace, "data/owl-numbers.lineage.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("dataset: owl-numbers.jsonl", $"dataset: '{Path.GetFileName(dataFile)}'", StringComparison.Ordinal));

        ActionHarness.Run run = _action.Execute(workspace, new Dictionary<string, string> { ["shard"] = "1/1", ["lfs"] = "true" }, GitHub(),
            new Dictionary<string, string> { ["PATH"] = fakeBin + ":" + Environment.GetEnvironmentVariable("PATH") });

        Assert.True(run.ExitCode == 2, run.Log);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.Equal("", run.Outputs["part"]);
        Assert.Contains("was not fetched", run.Log, StringComparison.Ordinal);
        Assert.Contains(expected, run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Lfs_without_a_shard_is_refused_rather_than_ignored()
    {
        ActionHarness.Run run = _action.Execute(Checkout("owl-numbers", "lfs-alone"), new Dictionary<string, string> { ["lfs"] = "true" }, GitHub());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("goes with shard", run.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    [InlineData("2; echo injected")]
    [InlineData("")]
    public void A_number_of_shards_out_of_range_stops_the_plan(string shards)
    {
        var (exitCode, output, log) = RunPlan(new Dictionary<string, string> { ["shards"] = shards });

        Assert.Equal(2, exitCode);
        Assert.Contains("the input shards must be a whole number from 1 to 256", log, StringComparison.Ordinal);
        Assert.DoesNotContain("injected", log.Replace("echo injected", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void A_shard_with_parts_as_well_is_refused()
    {
        ActionHarness.Run run = _action.Execute(Checkout("owl-numbers", "both"), Inputs(new Dictionary<string, string> { ["shard"] = "1/2", ["parts"] = "parts" }), GitHub());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.Contains("go to different steps", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_that_name_no_folder_of_parts_are_not_evaluated()
    {
        ActionHarness.Run run = _action.Execute(Checkout("owl-numbers", "missing"), Inputs(new Dictionary<string, string> { ["parts"] = "no-such-folder" }), GitHub());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.Contains("GATE116", run.Log, StringComparison.Ordinal);
    }

    /// <summary>The plan job's one script, with its env as written, as bash runs it on the runner.</summary>
    private string[] Plan(Dictionary<string, string> call)
    {
        var (exitCode, output, log) = RunPlan(call);
        Assert.True(exitCode == 0, log);
        Match shards = Regex.Match(output, "^shards=(?<json>.*)$", RegexOptions.Multiline);
        Assert.True(shards.Success, output);
        Assert.Equal("${{ fromJSON(needs.plan.outputs.shards) }}", Scalar((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Job("shard"))["strategy"])["matrix"], "shard"));
        return [.. JsonSerializer.Deserialize<int[]>(shards.Groups["json"].Value)!.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    private (int ExitCode, string Output, string Log) RunPlan(Dictionary<string, string> call)
    {
        YamlMappingNode step = (YamlMappingNode)Assert.Single(Steps("plan").Children);
        string script = Scalar(step, "run")!;
        Assert.DoesNotContain("${{", script, StringComparison.Ordinal); // inputs reach the script through env only
        string output = _temp.File($"plan-output-{Guid.NewGuid():N}");
        File.WriteAllText(output, "");
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", "-c", script })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GITHUB_OUTPUT"] = output;
        foreach (var (name, value) in Env(step, Values(call, shard: null)))
        {
            start.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string log = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, File.ReadAllText(output), log);
    }

    /// <summary>The expressions the workflow may use, evaluated as the runner would for one job.</summary>
    private Dictionary<string, string> Values(Dictionary<string, string> call, string? shard)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["runner.temp"] = Path.Combine(_temp.Path, "runner-temp") };
        var inputs = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)_workflow["on"])["workflow_call"])["inputs"];
        foreach (var (key, value) in inputs.Children)
        {
            string name = ((YamlScalarNode)key).Value!;
            values[$"inputs.{name}"] = call.TryGetValue(name, out string? given) ? given : Scalar((YamlMappingNode)value, "default") ?? "";
        }

        if (shard is not null)
        {
            values["matrix.shard"] = shard;
        }

        return values;
    }

    private static Dictionary<string, string> With(YamlMappingNode step, Dictionary<string, string> values) =>
        step.Children.TryGetValue(new YamlScalarNode("with"), out YamlNode? with)
            ? ((YamlMappingNode)with).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => Evaluate(((YamlScalarNode)p.Value).Value ?? "", values))
            : [];

    private static Dictionary<string, string> Env(YamlMappingNode step, Dictionary<string, string> values) =>
        ((YamlMappingNode)step["env"]).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => Evaluate(((YamlScalarNode)p.Value).Value ?? "", values));

    private static string Evaluate(string text, Dictionary<string, string> values) =>
        Expression().Replace(text, m => values.TryGetValue(m.Groups["e"].Value.Trim(), out string? value)
            ? value
            : throw new InvalidOperationException($"the test does not evaluate '{m.Value}': teach it"));

    private static Dictionary<string, string> Inputs(Dictionary<string, string> inputs) => inputs;

    private string Checkout(string example, string job)
    {
        string workspace = Path.Combine(_temp.Path, job);
        SourceTree.Copy(SourceTree.Example(example), workspace);
        return workspace;
    }

    private Dictionary<string, string> GitHub() => new()
    {
        ["github.token"] = "",
        ["GITHUB_REPOSITORY"] = "acme/data",
        ["GITHUB_SHA"] = "2222222222222222222222222222222222222222",
        ["GITHUB_EVENT_NAME"] = "push",
    };

    private YamlNode Job(string name) => ((YamlMappingNode)_workflow["jobs"])[name];

    private YamlSequenceNode Steps(string job) => (YamlSequenceNode)((YamlMappingNode)Job(job))["steps"];

    private static YamlMappingNode Step(YamlSequenceNode steps, string uses) =>
        steps.Children.OfType<YamlMappingNode>().Single(s => Scalar(s, "uses")?.StartsWith(uses, StringComparison.Ordinal) == true);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? ((YamlScalarNode)value).Value : null;

    [GeneratedRegex(@"\$\{\{(?<e>[^}]*)\}\}")]
    private static partial Regex Expression();
}
