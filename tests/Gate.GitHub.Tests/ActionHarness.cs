using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gate.GitHub.Tests;

/// <summary>
/// Runs <c>action.yml</c>'s steps the way the Actions runner runs a composite action: input
/// defaults, <c>${{ }}</c> expressions in <c>env:</c> and outputs evaluated by the harness (never
/// inside scripts), each <c>run:</c> step as <c>bash --noprofile --norc -eo pipefail</c> with
/// <c>GITHUB_*</c> variables and real <c>GITHUB_OUTPUT</c>/<c>GITHUB_STEP_SUMMARY</c> files, and
/// step outputs read back from the heredoc file. <c>uses:</c> steps (setup-dotnet) are recorded
/// and skipped: the SDK they would install is on this machine.
/// </summary>
public sealed partial class ActionHarness : IDisposable
{
    private static readonly string[] CopiedToActionFolder = ["action.yml", "global.json", "Directory.Build.props", "Directory.Packages.props", "Directory.Build.rsp", "src", "action"];

    public ActionHarness()
    {
        // A private copy of the action, as the runner checks it out: its builds cannot collide with
        // the solution's own bin/obj while other test assemblies run.
        Root = Path.Combine(Path.GetTempPath(), "gate-action-harness", Guid.NewGuid().ToString("N"));
        ActionPath = Path.Combine(Root, "action");
        RunnerTemp = Path.Combine(Root, "runner-temp");
        Directory.CreateDirectory(RunnerTemp);
        foreach (string entry in CopiedToActionFolder)
        {
            SourceTree.Copy(Path.Combine(TestSupport.RepositoryRoot, entry), Path.Combine(ActionPath, entry));
        }

        using var reader = new StreamReader(Path.Combine(ActionPath, "action.yml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        Action = (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    public string Root { get; }

    public string ActionPath { get; }

    public string RunnerTemp { get; }

    public YamlMappingNode Action { get; }

    public sealed record Run(int ExitCode, IReadOnlyDictionary<string, string> Outputs, string Summary, string Log, IReadOnlyList<string> SkippedSteps);

    /// <summary>
    /// Runs the action in <paramref name="workspace"/> with the given inputs (others take their
    /// defaults). <paramref name="machine"/> sets variables of the runner machine itself (e.g. a
    /// <c>PATH</c> whose <c>dotnet</c> fails), which no action input can reach.
    /// </summary>
    public Run Execute(string workspace, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> github, IReadOnlyDictionary<string, string>? machine = null)
    {
        var inputValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in (YamlMappingNode)Action["inputs"])
        {
            string name = ((YamlScalarNode)key).Value!;
            string? @default = ((YamlMappingNode)value).Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ((YamlScalarNode)d).Value : "";
            inputValues[name] = inputs.TryGetValue(name, out string? given) ? given : @default ?? "";
        }

        var context = new Dictionary<string, string>(github, StringComparer.Ordinal) { ["github.action_path"] = ActionPath };
        foreach (var name in inputValues.Keys.ToList())
        {
            inputValues[name] = Evaluate(inputValues[name], inputValues, context, new Dictionary<string, Dictionary<string, string>>());
        }

        string outputFile = Path.Combine(Root, $"output-{Guid.NewGuid():N}");
        string summaryFile = Path.Combine(Root, $"summary-{Guid.NewGuid():N}");
        File.WriteAllText(outputFile, "");
        File.WriteAllText(summaryFile, "");

        var stepOutputs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var skipped = new List<string>();
        var log = new System.Text.StringBuilder();
        int exitCode = 0;
        var runs = (YamlMappingNode)Action["runs"];
        Assert.Equal("composite", ((YamlScalarNode)runs["using"]).Value);
        foreach (YamlMappingNode step in ((YamlSequenceNode)runs["steps"]).Children.Cast<YamlMappingNode>())
        {
            if (step.Children.TryGetValue(new YamlScalarNode("uses"), out YamlNode? uses))
            {
                string reference = ((YamlScalarNode)uses).Value!;
                Assert.Matches("@[0-9a-f]{40}$", reference); // third-party actions are pinned by commit SHA
                skipped.Add(reference);
                continue;
            }

            string script = ((YamlScalarNode)step["run"]).Value!;
            Assert.DoesNotContain("${{", script); // inputs reach scripts through env: only
            Assert.Equal("bash", ((YamlScalarNode)step["shell"]).Value);

            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            if (step.Children.TryGetValue(new YamlScalarNode("env"), out YamlNode? envNode))
            {
                foreach (var (key, value) in (YamlMappingNode)envNode)
                {
                    env[((YamlScalarNode)key).Value!] = Evaluate(((YamlScalarNode)value).Value ?? "", inputValues, context, stepOutputs);
                }
            }

            File.WriteAllText(outputFile, "");
            exitCode = RunBash(script, workspace, env, github, machine ?? new Dictionary<string, string>(), outputFile, summaryFile, log);
            string id = step.Children.TryGetValue(new YamlScalarNode("id"), out YamlNode? idNode) ? ((YamlScalarNode)idNode).Value! : $"step{stepOutputs.Count}";
            stepOutputs[id] = WorkflowOutputParser.Parse(File.ReadAllText(outputFile));
            if (exitCode != 0)
            {
                break; // the runner stops a composite action at its first failing step
            }
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in (YamlMappingNode)Action["outputs"])
        {
            string expression = ((YamlScalarNode)((YamlMappingNode)value)["value"]).Value!;
            outputs[((YamlScalarNode)key).Value!] = Evaluate(expression, inputValues, context, stepOutputs);
        }

        return new Run(exitCode, outputs, File.ReadAllText(summaryFile), log.ToString(), skipped);
    }

    private int RunBash(string script, string workspace, Dictionary<string, string> env, IReadOnlyDictionary<string, string> github,
        IReadOnlyDictionary<string, string> machine, string outputFile, string summaryFile, System.Text.StringBuilder log)
    {
        string scriptFile = Path.Combine(RunnerTemp, $"{Guid.NewGuid():N}.sh");
        File.WriteAllText(scriptFile, script);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workspace, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", scriptFile })
        {
            start.ArgumentList.Add(arg);
        }

        // A child build must not inherit the test host's MSBuild (a stale or mismatched task assembly).
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in machine)
        {
            start.Environment[key] = value;
        }

        start.Environment["GITHUB_ACTIONS"] = "true";
        start.Environment["CI"] = "true";
        start.Environment["GITHUB_WORKSPACE"] = workspace;
        start.Environment["GITHUB_ACTION_PATH"] = ActionPath;
        start.Environment["GITHUB_OUTPUT"] = outputFile;
        start.Environment["GITHUB_STEP_SUMMARY"] = summaryFile;
        start.Environment["RUNNER_TEMP"] = RunnerTemp;
        foreach (var (key, value) in github.Where(g => g.Key.StartsWith("GITHUB_", StringComparison.Ordinal)))
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the action step did not finish in 3 minutes");
        }

        log.Append(stdout.Result).Append(stderr.Result);
        return process.ExitCode;
    }

    /// <summary>The expressions action.yml may use; anything else fails the test rather than pass silently.</summary>
    private static string Evaluate(string text, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> context,
        IReadOnlyDictionary<string, Dictionary<string, string>> steps) =>
        Expression().Replace(text, match =>
        {
            string expression = match.Groups["e"].Value.Trim();
            if (expression.StartsWith("inputs.", StringComparison.Ordinal))
            {
                return inputs[expression["inputs.".Length..]];
            }

            if (expression.StartsWith("steps.", StringComparison.Ordinal) && expression.Split('.') is [_, var id, "outputs", var name])
            {
                return steps.TryGetValue(id, out var outputs) && outputs.TryGetValue(name, out string? value) ? value : "";
            }

            return context.TryGetValue(expression, out string? known)
                ? known
                : throw new InvalidOperationException($"the harness does not evaluate '${{{{ {expression} }}}}'");
        });

    [GeneratedRegex(@"\$\{\{(?<e>[^}]*)\}\}")]
    private static partial Regex Expression();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
