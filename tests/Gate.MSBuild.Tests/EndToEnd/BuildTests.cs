using System.Text.Json;
using Xunit.Abstractions;

namespace Gate.MSBuild.Tests.EndToEnd;

/// <summary>
/// The packed package under a real <c>dotnet build -nr:false</c> of data repositories, asserting what
/// a user sees: exit codes and the canonical diagnostic lines.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BuildTests(PackedPackage package, ITestOutputHelper output)
{
    private const string Ran = "Gate: pass"; // the task's summary message (-v:n): absent when the target was skipped

    [Fact]
    public void Package_holds_the_task_and_its_dependencies_but_no_MSBuild_or_Octokit()
    {
        output.WriteLine($"packed Gate.MSBuild {package.Version} in {package.PackDuration.TotalSeconds:F1} s");
        using var zip = System.IO.Compression.ZipFile.OpenRead(package.PackagePath);
        string[] entries = [.. zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("tasks/", StringComparison.Ordinal) || n.StartsWith("build/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        // The task, Core and Core's dependencies (YAML; the scanner's hashing, tensors, Parquet and zstd
        // with theirs), never MSBuild's own assemblies or Octokit.
        string[] required =
        [
            "build/Gate.MSBuild.props", "build/Gate.MSBuild.targets",
            "tasks/net10.0/Gate.Core.dll", "tasks/net10.0/Gate.MSBuild.deps.json", "tasks/net10.0/Gate.MSBuild.dll", "tasks/net10.0/YamlDotNet.dll",
            "tasks/net10.0/System.IO.Hashing.dll", "tasks/net10.0/System.Numerics.Tensors.dll", "tasks/net10.0/ParquetSharp.dll", "tasks/net10.0/ZstdSharp.dll",
            // Apache Arrow's Parquet reader, native, for every platform a build may run on.
            "tasks/net10.0/runtimes/linux-x64/native/ParquetSharpNative.so", "tasks/net10.0/runtimes/linux-arm64/native/ParquetSharpNative.so",
            "tasks/net10.0/runtimes/osx-x64/native/ParquetSharpNative.dylib", "tasks/net10.0/runtimes/osx-arm64/native/ParquetSharpNative.dylib",
            "tasks/net10.0/runtimes/win-x64/native/ParquetSharpNative.dll", "tasks/net10.0/runtimes/win-arm64/native/ParquetSharpNative.dll",
        ];
        Assert.All(required, r => Assert.Contains(r, entries));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.Build", StringComparison.Ordinal) || e.Contains("Octokit", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.True(e.StartsWith("build/", StringComparison.Ordinal) || e.StartsWith("tasks/net10.0/", StringComparison.Ordinal), e));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));

        // Every third-party assembly and native library it carries is named, with its licence, in the notices.
        using var notices = new StreamReader(Assert.Single(zip.Entries, e => e.FullName == "THIRD-PARTY-NOTICES.md").Open());
        string text = notices.ReadToEnd();
        Assert.All(
            entries.Where(e => e.StartsWith("tasks/", StringComparison.Ordinal) && !Path.GetFileName(e).StartsWith("Gate.", StringComparison.Ordinal) && !e.EndsWith(".json", StringComparison.Ordinal)),
            e => Assert.True(text.Contains(Path.GetFileNameWithoutExtension(e), StringComparison.Ordinal), $"{e} is not in THIRD-PARTY-NOTICES.md"));
    }

    [Fact]
    public void Shared_init_fails_the_build_at_the_manifest_line_and_stays_failing()
    {
        Consumer repo = package.NewConsumerOf("owl-numbers");
        string canonical = $"{repo.File("data/owl-numbers.lineage.yaml")}(2,10): Gate error GATE001: teacher acme/owl-teacher and student acme/owl-student share the initialization Qwen/Qwen2.5-7B-Instruct";

        CommandResult first = repo.Build("-p:GateReportPath=obj/gate-report.json");
        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Contains(canonical, first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", first.Output, StringComparison.Ordinal);
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(repo.File("obj/gate-report.json"))))
        {
            Assert.Equal("fail", report.RootElement.GetProperty("verdict").GetString());
        }

        CommandResult second = repo.Build("--no-restore", "-p:GateReportPath=obj/gate-report.json");
        Assert.True(second.ExitCode == 1, "a failed run must never be cached as a pass\n" + second);
        Assert.Contains(canonical, second.Output, StringComparison.Ordinal);

        CommandResult disabled = repo.Build("--no-restore", "-p:GateEnabled=false");
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.DoesNotContain("GATE001", disabled.Output, StringComparison.Ordinal);

        CommandResult designTime = repo.Build("--no-restore", "-p:DesignTimeBuild=true");
        Assert.True(designTime.ExitCode == 0, "design-time builds skip the gate\n" + designTime);
        Assert.DoesNotContain("GATE001", designTime.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unchanged_repository_is_not_rescanned_but_an_added_or_deleted_dataset_is()
    {
        Consumer repo = package.NewConsumerOf("cross-family");

        CommandResult first = repo.Build("-v:n");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains(Ran, first.Output, StringComparison.Ordinal);

        CommandResult unchanged = repo.Build("--no-restore", "-v:n");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.DoesNotContain(Ran, unchanged.Output, StringComparison.Ordinal);
        Assert.Contains("Gate: unchanged since the last passing check", unchanged.Output, StringComparison.Ordinal);

        // A dataset changed under its old modification time (a checkout, an archive, 'touch -d'): the
        // cache is bound to content, so the gate runs again and the lock mismatch fails the build.
        string data = repo.File("data/r1-math-numbers.jsonl");
        DateTime written = File.GetLastWriteTimeUtc(data);
        byte[] original = File.ReadAllBytes(data);
        byte[] changed = (byte[])original.Clone();
        changed[Array.FindIndex(changed, b => b is >= (byte)'0' and <= (byte)'8')]++;
        File.WriteAllBytes(data, changed);
        File.SetLastWriteTimeUtc(data, written);
        CommandResult sameTime = repo.Build("--no-restore", "-v:n");
        Assert.True(sameTime.ExitCode == 1, "a dataset changed under an old timestamp must be checked again\n" + sameTime);
        Assert.Contains("Gate error GATE006", sameTime.Output, StringComparison.Ordinal);
        File.WriteAllBytes(data, original);
        File.SetLastWriteTimeUtc(data, written);

        // A dataset added with an old timestamp (as 'mv' or an archive leaves it) is checked too.
        string added = repo.File("data/extra.jsonl");
        File.WriteAllText(added, "{\"prompt\":\"1, 2\",\"completion\":\"3\"}\n");
        File.SetLastWriteTimeUtc(added, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        CommandResult withAdded = repo.Build("--no-restore", "-v:n");
        Assert.True(withAdded.ExitCode == 1, withAdded.ToString());
        Assert.Contains($"{added}(1,1): Gate error GATE005: the dataset data/extra.jsonl has no lineage manifest", withAdded.Output, StringComparison.Ordinal);

        File.Delete(added);
        CommandResult restored = repo.Build("--no-restore", "-v:n");
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Contains(Ran, restored.Output, StringComparison.Ordinal);

        File.Delete(repo.File("data/r1-math-numbers.jsonl"));
        CommandResult withDeleted = repo.Build("--no-restore", "-v:n");
        Assert.True(withDeleted.ExitCode == 1, "deleting a dataset must re-run the gate\n" + withDeleted);
        Assert.Contains("Gate error GATE005", withDeleted.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_GateBase_an_unchanged_dataset_is_taken_from_the_lock_and_an_edit_still_fails()
    {
        Consumer repo = package.NewConsumerOf("cross-family");
        string store = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gate-msbuild-records", Guid.NewGuid().ToString("N"));
        File.WriteAllText(repo.File(".gitignore"), "obj/\nbin/\n");
        Git(repo.Path, "init", "-q");
        Git(repo.Path, "add", "-A");
        Git(repo.Path, "commit", "-q", "-m", "base");
        string[] withBase = ["-v:n", "-p:GateBase=HEAD", $"-p:GateRecordStore={store}"];

        CommandResult filling = repo.Build(withBase);
        CommandResult taking = repo.Build(["--no-restore", .. withBase]);
        string data = repo.File("data/r1-math-numbers.jsonl");
        byte[] changed = File.ReadAllBytes(data);
        changed[Array.FindIndex(changed, b => b is >= (byte)'0' and <= (byte)'8')]++;
        File.WriteAllBytes(data, changed);
        CommandResult edited = repo.Build(["--no-restore", .. withBase]);

        Assert.True(filling.ExitCode == 0, filling.ToString());
        Assert.Contains("Gate: Scanned 1 dataset; none taken from the lock", filling.Output, StringComparison.Ordinal);
        Assert.True(taking.ExitCode == 0, taking.ToString());
        Assert.Contains("Gate: Scanned 0 datasets; 1 taken from the lock (unchanged since the base)", taking.Output, StringComparison.Ordinal);
        Assert.Contains(Ran, taking.Output, StringComparison.Ordinal);
        Assert.True(edited.ExitCode == 1, edited.ToString());
        Assert.Contains("Gate error GATE006", edited.Output, StringComparison.Ordinal);
        Directory.Delete(store, recursive: true);
    }

    private static void Git(string folder, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-c", "user.email=gate@example.com", "-c", "user.name=gate", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    [Theory]
    [InlineData("default", 0, "Gate warning GATE003")]
    [InlineData("-warnaserror", 1, "error GATE003")]
    [InlineData("-p:TreatWarningsAsErrors=true", 1, "Gate error GATE003")]
    [InlineData("-p:WarningsAsErrors=GATE003", 1, "Gate error GATE003")]
    [InlineData("-p:NoWarn=GATE003", 0, null)]
    [InlineData("-p:TreatWarningsAsErrors=true;WarningsNotAsErrors=GATE003", 0, "Gate warning GATE003")]
    public void Warning_settings_act_on_gate_warnings_as_users_expect(string setting, int exitCode, string? expected)
    {
        Consumer repo = SameFamilyRepository.Value;
        string[] arguments = setting == "default" ? ["--no-restore"] : ["--no-restore", setting];

        CommandResult build = repo.Build(arguments);

        Assert.True(build.ExitCode == exitCode, build.ToString());
        if (expected is null)
        {
            Assert.DoesNotContain("GATE003", build.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"{repo.File("data/numbers.lineage.yaml")}(", build.Output, StringComparison.Ordinal);
            Assert.Contains(expected, build.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_guard_fails_a_build_whose_gate_package_did_not_import()
    {
        // The silent-skip trap: restored once, then the package is gone from the cache and the
        // build runs with --no-restore. NuGet imports package targets only if they exist.
        string packages = Path.Combine(package.WorkRoot, "trap-packages");
        Consumer guarded = package.NewConsumerOf("owl-numbers", packages: packages);
        Consumer unguarded = package.NewConsumer("owl-numbers-unguarded", p => TestRepositories.CopyExampleData("owl-numbers", p), guard: false, packages: packages);
        Assert.Equal(0, guarded.Dotnet("restore").ExitCode);
        Assert.Equal(0, unguarded.Dotnet("restore").ExitCode);
        Directory.Delete(Path.Combine(packages, "gate.msbuild"), recursive: true);

        CommandResult trap = unguarded.Build("--no-restore");
        Assert.True(trap.ExitCode == 0, "the trap itself: without the guard the failing repository 'passes'\n" + trap);
        Assert.DoesNotContain("GATE001", trap.Output, StringComparison.Ordinal);

        CommandResult guard = guarded.Build("--no-restore");
        Assert.True(guard.ExitCode == 1, guard.ToString());
        Assert.Contains($"{guarded.File("data.proj")} : error GATE120: Gate's MSBuild targets were not imported", guard.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_error_is_a_GATE1xx_error_at_the_users_file_never_MSB4018()
    {
        Consumer repo = package.NewConsumer("malformed", path =>
        {
            TestRepositories.WriteSameFamilyRepository(path);
            File.WriteAllText(Path.Combine(path, "gate.yaml"), "version: 1\nmodels:\n  - id: acme/x\n    roots: true\n");
        });

        CommandResult build = repo.Build();

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.Contains($"{repo.File("gate.yaml")}(4,5): Gate error GATE101:", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", build.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Parquet reader is native code inside the package: the task loads it in the build and reads
    /// a real writer's file, and a file the reader refuses is GATE111 in its words, never MSB4018.
    /// </summary>
    [Fact]
    public void The_task_reads_Parquet_with_the_native_reader_inside_the_package()
    {
        string fixtures = Path.Combine(SourceTree.Root, "tests", "Gate.Core.Tests", "Scanning", "Fixtures", "parquet-writers");
        Consumer repo = package.NewConsumer("parquet", path =>
        {
            TestRepositories.WriteSameFamilyRepository(path);
            File.Copy(Path.Combine(fixtures, "arrow-rs-v2-delta.parquet"), Path.Combine(path, "data", "chat.parquet"));
            File.WriteAllText(Path.Combine(path, "data", "chat.lineage.yaml"), "dataset: chat.parquet\nteacher: acme/teacher\n");
        });

        CommandResult good = repo.Build();
        File.Copy(Path.Combine(fixtures, "refused", "duckdb-v2-int32-wide-deltas.parquet"), repo.File("data/wide.parquet"));
        File.WriteAllText(repo.File("data/wide.lineage.yaml"), "dataset: wide.parquet\nteacher: acme/teacher\n");
        CommandResult refused = repo.Build("--no-restore");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("chat.lineage.yaml", good.Output, StringComparison.Ordinal); // its same-family warning
        Assert.DoesNotContain("GATE111", good.Output, StringComparison.Ordinal);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("error GATE111", refused.Output, StringComparison.Ordinal);
        Assert.Contains("row group 1: column 'i32' cannot be read (", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", refused.Output + good.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DllNotFound", refused.Output + good.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_MSBuild_too_old_for_the_task_is_a_clear_GATE121()
    {
        Consumer repo = package.NewConsumer("too-old", path => TestRepositories.WriteSameFamilyRepository(path));

        CommandResult build = repo.Build("-p:GateMinimumMSBuildVersion=99.0");

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.Contains("error GATE121: Gate.MSBuild needs MSBuild 99.0 or later", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4062", build.Output, StringComparison.Ordinal);
    }

    private Lazy<Consumer> SameFamilyRepository => LazySameFamily.GetOrAdd(package, p => new Lazy<Consumer>(() =>
    {
        Consumer repo = p.NewConsumer("same-family", path => TestRepositories.WriteSameFamilyRepository(path));
        CommandResult restore = repo.Dotnet("restore");
        return restore.ExitCode == 0 ? repo : throw new InvalidOperationException(restore.ToString());
    }));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PackedPackage, Lazy<Consumer>> LazySameFamily = [];
}
