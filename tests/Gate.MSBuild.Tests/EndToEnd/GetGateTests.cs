using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Gate.MSBuild.Tests.EndToEnd;

/// <summary>
/// The README's "Get Gate" section, run as written: its shell blocks, in a copy of the source tree
/// and a throwaway data repository, with an empty NuGet cache and a private home (where
/// <c>dotnet tool install --global</c> puts the tool). When the README and the packages drift, this fails.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class GetGateTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gate-get-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // a process still holding a file: the temp folder is cleaned by the system
        }
    }

    [Fact]
    public void The_readme_commands_install_the_tool_and_gate_a_data_repository()
    {
        string readme = File.ReadAllText(Path.Combine(SourceTree.Root, "README.md"));
        string clone = Path.Combine(_work, "clone");
        foreach (string item in (string[])["src", "examples/get-gate", "Directory.Build.props", "Directory.Packages.props", "Directory.Build.rsp", "global.json", ".editorconfig"])
        {
            SourceTree.Copy(Path.Combine(SourceTree.Root, item), Path.Combine(clone, item));
        }

        string data = Path.Combine(_work, "data");
        SourceTree.Copy(SourceTree.Example("cross-family"), data, except: relative => relative is "data.proj" or "gate.lock.json");
        string home = Path.Combine(_work, "home");
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = Path.Combine(_work, "packages"),
            ["GATE_CLONE"] = clone,
            ["PATH"] = Path.Combine(home, ".dotnet", "tools") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };

        CommandResult packed = Shell(clone, environment, Block(readme, "clone"));
        Assert.True(packed.ExitCode == 0, packed.ToString());
        Assert.True(File.Exists(Path.Combine(home, "gate-feed", "Gate.Tool.0.1.0.nupkg")), packed.ToString());
        Assert.True(File.Exists(Path.Combine(home, "gate-feed", "Gate.MSBuild.0.1.0.nupkg")), packed.ToString());
        Assert.False(File.Exists(Path.Combine(home, "gate-feed", "Gate.Core.0.1.0.nupkg")), "Gate.Core is inside both packages, not a package of its own");

        CommandResult used = Shell(data, environment, Block(readme, "data-repository"));
        Assert.True(used.ExitCode == 0, used.ToString());
        Assert.Contains("Wrote gate.lock.json", used.Output, StringComparison.Ordinal);
        Assert.Contains("PASS:", used.Output, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", used.Output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_work, "packages", "gate.msbuild", "0.1.0")), "dotnet build restored Gate.MSBuild from the folder feed");

        // The same files gate a failing repository: the build fails at the manifest's line.
        string owl = Path.Combine(_work, "owl");
        SourceTree.Copy(SourceTree.Example("owl-numbers"), owl, except: relative => relative is "data.proj");
        CommandResult failing = Shell(owl, environment, "cp \"$GATE_CLONE/examples/get-gate/nuget.config\" \"$GATE_CLONE/examples/get-gate/data.proj\" . && dotnet build");
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("Gate error GATE001", failing.Output, StringComparison.Ordinal);
    }

    /// <summary>The shell block after <c>&lt;!-- get-gate:NAME --&gt;</c> in the README.</summary>
    private static string Block(string readme, string name)
    {
        Match match = Regex.Match(readme, $@"<!-- get-gate:{Regex.Escape(name)} -->\s*```sh\n(?<body>.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"the README has no get-gate:{name} block");
        return match.Groups["body"].Value;
    }

    private CommandResult Shell(string workingDirectory, Dictionary<string, string> environment, string script)
    {
        CommandResult result = DotnetProcess.Start("bash", workingDirectory, environment, ["-euo", "pipefail", "-c", script], TimeSpan.FromMinutes(6), freshNuGet: true);
        output.WriteLine(result.ToString());
        return result;
    }
}
