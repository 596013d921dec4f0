using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Gate.MSBuild.Tests.EndToEnd;

/// <summary>
/// The README's "Get Gate" section, run as written: its shell blocks, in a copy of the source tree
/// (a git repository whose origin is on GitHub, as a user's clone is) and throwaway data
/// repositories, with an empty NuGet cache and a private home (where <c>dotnet tool install
/// --global</c> puts the tool). When the README and the packages drift, this fails.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class GetGateTests(GetGateTests.InstalledGate gate, ITestOutputHelper output) : IClassFixture<GetGateTests.InstalledGate>
{
    [Fact]
    public void The_readme_commands_install_the_tool_and_gate_a_data_repository()
    {
        output.WriteLine(gate.Packed.ToString());
        Assert.True(gate.Packed.ExitCode == 0, gate.Packed.ToString());
        Assert.True(File.Exists(Path.Combine(gate.Feed, "Gate.Tool.0.1.0.nupkg")), gate.Packed.ToString());
        Assert.True(File.Exists(Path.Combine(gate.Feed, "Gate.MSBuild.0.1.0.nupkg")), gate.Packed.ToString());
        Assert.False(File.Exists(Path.Combine(gate.Feed, "Gate.Core.0.1.0.nupkg")), "Gate.Core is inside both packages, not a package of its own");

        string data = gate.NewDataRepository("data", "cross-family", except: relative => relative is "data.proj" or "gate.lock.json");
        CommandResult used = gate.Shell(data, Block("data-repository"), output);
        Assert.True(used.ExitCode == 0, used.ToString());
        Assert.Contains("Wrote gate.lock.json", used.Output, StringComparison.Ordinal);
        Assert.Contains("PASS:", used.Output, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", used.Output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(gate.Work, "packages", "gate.msbuild", "0.1.0")), "dotnet build restored Gate.MSBuild from the folder feed");

        // The build leaves the data repository as it was (an empty bin/ would be GATE106 to the next check).
        Assert.False(Directory.Exists(Path.Combine(data, "obj")), "data.proj's build output is outside the data repository");
        Assert.False(Directory.Exists(Path.Combine(data, "bin")), "data.proj's build output is outside the data repository");
        CommandResult again = gate.Shell(data, "gate check && dotnet build", output);
        Assert.True(again.ExitCode == 0, again.ToString());

        // The same files gate a failing repository: the build fails at the manifest's line.
        string owl = gate.NewDataRepository("owl", "owl-numbers", except: relative => relative is "data.proj");
        CommandResult failing = gate.Shell(owl, "cp \"$GATE_CLONE/examples/get-gate/nuget.config\" \"$GATE_CLONE/examples/get-gate/data.proj\" . && dotnet build", output);
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("Gate error GATE001", failing.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The packages a clone packs point at their source: the nuspec names the repository and commit,
    /// and the symbols' SourceLink maps every source file to that commit on GitHub.
    /// </summary>
    [Fact]
    public void The_packages_carry_the_repository_and_sourcelink_to_the_commit()
    {
        Assert.True(gate.Packed.ExitCode == 0, gate.Packed.ToString());
        foreach ((string package, string pdb) in new[] { ("Gate.Tool", "tools/net10.0/any/gate.pdb"), ("Gate.MSBuild", "tasks/net10.0/Gate.MSBuild.pdb") })
        {
            using ZipArchive nupkg = ZipFile.OpenRead(Path.Combine(gate.Feed, $"{package}.0.1.0.nupkg"));
            using var nuspec = new StreamReader(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            string manifest = nuspec.ReadToEnd();
            Assert.Matches($"""<repository type="git" url="{Regex.Escape(InstalledGate.Origin)}\.git"[^>]* commit="{gate.Commit}" />""", manifest);

            using ZipArchive snupkg = ZipFile.OpenRead(Path.Combine(gate.Feed, $"{package}.0.1.0.snupkg"));
            using var symbols = new MemoryStream();
            using (Stream entry = snupkg.GetEntry(pdb)!.Open())
            {
                entry.CopyTo(symbols);
            }

            symbols.Position = 0;
            string sourceLink = SourceLinkOf(symbols);
            Assert.Contains($"https://raw.githubusercontent.com/acme/gate/{gate.Commit}/*", sourceLink, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The pre-commit route as written: the README's .pre-commit-config.yaml (the very file in
    /// examples/get-gate/), with the repository pointed at the clone, tagged as the README's rev.
    /// The hook runs the installed gate on the whole repository and fails the commit on a failing one.
    /// </summary>
    [PreCommitFact]
    public void The_pre_commit_hook_gates_a_commit_as_the_readme_says()
    {
        Assert.True(gate.Packed.ExitCode == 0, gate.Packed.ToString());
        string config = File.ReadAllText(Path.Combine(SourceTree.Root, "examples", "get-gate", ".pre-commit-config.yaml"));
        Assert.Equal(config, Block("pre-commit", "yaml"));
        string rev = Regex.Match(config, @"rev: (\S+)").Groups[1].Value;
        Assert.Equal(0, gate.Shell(gate.Clone, $"git tag {rev}", output).ExitCode);
        string local = config.Replace("https://github.com/OWNER/gate", gate.Clone, StringComparison.Ordinal);

        foreach ((string name, string example, int exitCode, string words) in new[] { ("commit-pass", "cross-family", 0, "Passed"), ("commit-fail", "owl-numbers", 1, "GATE001") })
        {
            string repository = gate.NewDataRepository(name, example, except: relative => relative is "data.proj");
            File.WriteAllText(Path.Combine(repository, ".pre-commit-config.yaml"), local);
            CommandResult run = gate.Shell(repository, "git init -q && git add -A && pre-commit run --all-files", output);
            Assert.True(run.ExitCode == exitCode, run.ToString());
            Assert.Contains(words, run.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>The block after <c>&lt;!-- get-gate:NAME --&gt;</c> in the README.</summary>
    private static string Block(string name, string language = "sh")
    {
        string readme = File.ReadAllText(Path.Combine(SourceTree.Root, "README.md"));
        Match match = Regex.Match(readme, $@"<!-- get-gate:{Regex.Escape(name)} -->\s*```{language}\n(?<body>.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"the README has no get-gate:{name} block");
        return match.Groups["body"].Value;
    }

    /// <summary>The SourceLink JSON a portable PDB carries (custom debug information of the module).</summary>
    private static string SourceLinkOf(Stream pdb)
    {
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(pdb, MetadataStreamOptions.PrefetchMetadata);
        MetadataReader reader = provider.GetMetadataReader();
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == sourceLinkKind)
            {
                return Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        return string.Empty;
    }

    /// <summary>
    /// The README's first block run once: the clone (a copy of the source tree made a git repository
    /// whose origin is on GitHub) packed into a folder feed, and the tool installed in a private home.
    /// </summary>
    public sealed class InstalledGate : IDisposable
    {
        public const string Origin = "https://github.com/acme/gate";

        public InstalledGate()
        {
            Work = Directory.CreateTempSubdirectory("gate-get-").FullName;
            Clone = Path.Combine(Work, "clone");
            foreach (string item in (string[])["src", "examples/get-gate", "Directory.Build.props", "Directory.Packages.props", "Directory.Build.rsp", "global.json", ".editorconfig", ".gitignore", ".pre-commit-hooks.yaml"])
            {
                SourceTree.Copy(Path.Combine(SourceTree.Root, item), Path.Combine(Clone, item));
            }

            string home = Path.Combine(Work, "home");
            Directory.CreateDirectory(home);
            Feed = Path.Combine(home, "gate-feed");
            Environment = new Dictionary<string, string>
            {
                ["HOME"] = home,
                ["DOTNET_CLI_HOME"] = home,
                ["NUGET_PACKAGES"] = Path.Combine(Work, "packages"),
                ["PRE_COMMIT_HOME"] = Path.Combine(Work, "pre-commit"),
                ["GATE_CLONE"] = Clone,
                ["GIT_AUTHOR_NAME"] = "test",
                ["GIT_AUTHOR_EMAIL"] = "test@example.com",
                ["GIT_COMMITTER_NAME"] = "test",
                ["GIT_COMMITTER_EMAIL"] = "test@example.com",
                ["PATH"] = Path.Combine(home, ".dotnet", "tools") + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
            };

            CommandResult repository = Shell(Clone, $"git init -q && git add -A && git commit -qm clone && git remote add origin {Origin}.git && git rev-parse HEAD", null);
            Commit = repository.ExitCode == 0 ? repository.Output.Trim().Split('\n')[^1].Trim() : throw new InvalidOperationException(repository.ToString());
            Packed = Shell(Clone, Block("clone"), null);
        }

        public string Work { get; }

        public string Clone { get; }

        public string Feed { get; }

        public string Commit { get; }

        public CommandResult Packed { get; }

        private Dictionary<string, string> Environment { get; }

        /// <summary>A data repository made of an example's files.</summary>
        public string NewDataRepository(string name, string example, Func<string, bool> except)
        {
            string path = Path.Combine(Work, name);
            SourceTree.Copy(SourceTree.Example(example), path, except: except);
            return path;
        }

        public CommandResult Shell(string workingDirectory, string script, ITestOutputHelper? log)
        {
            CommandResult result = DotnetProcess.Start("bash", workingDirectory, Environment, ["-euo", "pipefail", "-c", script], TimeSpan.FromMinutes(6), freshNuGet: true);
            log?.WriteLine(result.ToString());
            return result;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Work, recursive: true);
            }
            catch (IOException)
            {
                // a process still holding a file: the temp folder is cleaned by the system
            }
        }
    }
}

/// <summary>A test of the pre-commit route: skipped, visibly, where the pre-commit framework is not installed (CI installs it).</summary>
internal sealed class PreCommitFactAttribute : FactAttribute
{
    public PreCommitFactAttribute()
    {
        string[] folders = (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (!folders.Any(folder => File.Exists(Path.Combine(folder, "pre-commit"))))
        {
            Skip = "the pre-commit framework is not installed here (apt install pre-commit, or pipx install pre-commit)";
        }
    }
}
