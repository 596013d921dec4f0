using System.Diagnostics;
using System.Reflection;

namespace Gate.MSBuild.Tests.EndToEnd;

/// <summary>
/// Packs Gate.MSBuild once per test run, with a version no cache has seen, into a private feed, and
/// gives the tests a private NUGET_PACKAGES: a stale package (one re-packed under the same version
/// keeps its first copy in the cache) can never make a test pass. Consumers are data repositories under one temporary folder whose empty
/// Directory.Build.* files stop any import chain from outside.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    public const string NoTargetsVersion = "3.7.0";

    private int _consumers;

    public PackedPackage()
    {
        var clock = Stopwatch.StartNew();
        WorkRoot = TestRepositories.NewTempFolder("gate-e2e");
        Feed = Path.Combine(WorkRoot, "feed");
        Packages = Path.Combine(WorkRoot, "packages");
        Directory.CreateDirectory(Feed);
        Version = $"0.0.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(WorkRoot, name), "<Project />\n");
        }

        // Packs what 'dotnet test' just built (the test project references Gate.MSBuild, so it is fresh):
        // no second compile, and nothing written into the source tree but the feed outside it. The
        // unique version is what keeps a stale package out: it names a cache folder no run has used.
        string configuration = typeof(PackedPackage).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        Pack = DotnetProcess.Run(TestRepositories.RepositoryRoot, new Dictionary<string, string>(),
            "pack", Path.Combine(TestRepositories.RepositoryRoot, "src", "Gate.MSBuild", "Gate.MSBuild.csproj"),
            "-nr:false", "--no-build", "--no-restore", "-c", configuration, "-o", Feed,
            $"-p:Version={Version}", $"-p:NuspecOutputPath={Path.Combine(WorkRoot, "nuspec")}{Path.DirectorySeparatorChar}");
        if (Pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + Pack);
        }

        NuGetConfig = WriteNuGetConfig();
        PackDuration = clock.Elapsed;
    }

    public string WorkRoot { get; }

    public string Feed { get; }

    public string Packages { get; }

    public string Version { get; }

    public string NuGetConfig { get; }

    public CommandResult Pack { get; }

    public TimeSpan PackDuration { get; }

    public string PackagePath => Path.Combine(Feed, $"Gate.MSBuild.{Version}.nupkg");

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the folder is under the temp folder.
        }
    }

    /// <summary>A new data repository: its data (from an example or a writer), a data.proj and a nuget.config.</summary>
    public Consumer NewConsumer(string name, Action<string> writeData, bool reference = true, bool guard = true, string? packages = null)
    {
        string path = Path.Combine(WorkRoot, $"{name}-{Interlocked.Increment(ref _consumers)}");
        Directory.CreateDirectory(path);
        writeData(path);
        string packageReference = reference
            ? $"""<ItemGroup><PackageReference Include="Gate.MSBuild" Version="{Version}" PrivateAssets="all" /></ItemGroup>"""
            : string.Empty;
        string guardTarget = guard
            ? """
              <Target Name="GateRequireGateCheck" BeforeTargets="CoreBuild" Condition="'$(DesignTimeBuild)' != 'true'">
                  <Error Condition="'$(GateTargetsImported)' != 'true'" Code="GATE120" File="$(MSBuildProjectFullPath)"
                         Text="Gate's MSBuild targets were not imported, so the lineage gate cannot run. Restore the Gate.MSBuild package." />
                </Target>
              """
            : string.Empty;
        File.WriteAllText(Path.Combine(path, "data.proj"), $"""
            <Project Sdk="Microsoft.Build.NoTargets/{NoTargetsVersion}">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              {packageReference}
              {guardTarget}
            </Project>

            """);
        File.Copy(NuGetConfig, Path.Combine(path, "nuget.config"));
        return new Consumer(path, packages ?? Packages);
    }

    public Consumer NewConsumerOf(string example, bool reference = true, bool guard = true, string? packages = null) =>
        NewConsumer(example, path => TestRepositories.CopyExampleData(example, path), reference, guard, packages);

    /// <summary>
    /// The feed holds the Gate package and, copied from the machine's package cache when it is there,
    /// the NoTargets SDK, so restores stay offline; otherwise NoTargets comes from nuget.org.
    /// </summary>
    private string WriteNuGetConfig()
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string noTargets = Path.Combine(cache, "microsoft.build.notargets", NoTargetsVersion, $"microsoft.build.notargets.{NoTargetsVersion}.nupkg");
        string sources;
        if (File.Exists(noTargets))
        {
            File.Copy(noTargets, Path.Combine(Feed, Path.GetFileName(noTargets)));
            sources = $"""<packageSources><clear /><add key="gate-e2e" value="{Feed}" /></packageSources>""";
        }
        else
        {
            sources = $"""
                <packageSources><clear /><add key="gate-e2e" value="{Feed}" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources>
                  <packageSourceMapping>
                    <packageSource key="gate-e2e"><package pattern="Gate.MSBuild" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                """;
        }

        string path = Path.Combine(WorkRoot, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              {sources}
            </configuration>

            """);
        return path;
    }
}

/// <summary>A data repository with a data.proj that references the packed Gate.MSBuild.</summary>
public sealed record Consumer(string Path, string Packages)
{
    public CommandResult Build(params string[] arguments) =>
        Dotnet(["build", "-nr:false", "-tl:off", .. arguments]);

    public CommandResult Dotnet(params string[] arguments) =>
        DotnetProcess.Run(Path, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages }, arguments);

    public string File(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "end-to-end";
}
