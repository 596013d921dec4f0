using System.Diagnostics;
using System.Text.Json;
using Gate.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace Gate.MSBuild.Tests;

/// <summary>The task against a recording build engine: what a build would show, without a build.</summary>
public sealed class CheckLineageTests : IDisposable
{
    private readonly string _temp = TestRepositories.NewTempFolder("gate-task");
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string StampFolder => Path.Combine(_temp, "obj", "gate");

    /// <summary>A stamp of an earlier run, named as no real digest is.</summary>
    private string StampFile => Path.Combine(StampFolder, "abc.gatestamp");

    /// <summary>Whether a clean pass was remembered: a stamp named by the input digest.</summary>
    private bool Stamped => Directory.Exists(StampFolder) && Directory.EnumerateFiles(StampFolder, "*.gatestamp").Any();

    private CheckLineage NewTask(string directory, string? stampKey = null) => new()
    {
        BuildEngine = _engine,
        Directory = directory,
        StampDirectory = StampFolder,
        AsOf = "2026-11-27",
        StampKeyFile = stampKey ?? Path.Combine(_temp, "key", "stamp-key"),
    };

    [Fact]
    public void Shared_init_is_an_error_at_the_manifest_line_with_full_path()
    {
        string root = TestRepositories.Example("owl-numbers");
        CheckLineage task = NewTask(root);

        Assert.False(task.Execute(), _engine.ToString());

        BuildErrorEventArgs error = Assert.Single(_engine.Errors);
        Assert.Equal("Gate", error.Subcategory);
        Assert.Equal("GATE001", error.Code);
        Assert.Equal(Path.Combine(root, "data", "owl-numbers.lineage.yaml"), error.File);
        Assert.Equal((2, 10), (error.LineNumber, error.ColumnNumber));
        Assert.Contains("Qwen/Qwen2.5-7B-Instruct", error.Message, StringComparison.Ordinal);
        // The divergence screen (GATE008) warns about the owl tokens at the manifest's reference line.
        BuildWarningEventArgs warning = Assert.Single(_engine.Warnings);
        Assert.Equal("GATE008", warning.Code);
        Assert.Equal("fail", task.Verdict);
        Assert.False(Stamped);
    }

    [Fact]
    public void A_base_a_project_file_names_is_not_honoured_and_every_dataset_is_scanned()
    {
        // This engine has no global properties: GateBase reached the task from a project file.
        CheckLineage task = NewTask(TestRepositories.Example("cross-family"));
        task.Base = "HEAD";

        Assert.True(task.Execute(), _engine.ToString());

        Assert.Contains(_engine.Messages, m => m.Message!.StartsWith("Gate: GateBase is honoured only from the command line", StringComparison.Ordinal));
        Assert.DoesNotContain(_engine.Messages, m => m.Message!.Contains("taken from the lock", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pass_writes_the_stamp_and_the_json_report()
    {
        string report = Path.Combine(_temp, "out", "gate-report.json");
        CheckLineage task = NewTask(TestRepositories.Example("cross-family"));
        task.ReportFile = report;

        Assert.True(task.Execute(), _engine.ToString());

        Assert.Empty(_engine.Errors);
        Assert.Empty(_engine.Warnings);
        Assert.Equal("pass", task.Verdict);
        Assert.True(Stamped);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("gate-report/1", json.RootElement.GetProperty("schema").GetString());
        Assert.Equal("pass", json.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Sarif_file_is_written_when_asked()
    {
        string sarif = Path.Combine(_temp, "out", "gate.sarif");
        CheckLineage task = NewTask(TestRepositories.Example("owl-numbers"));
        task.SarifFile = sarif;

        Assert.False(task.Execute());

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(sarif));
        Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
        Assert.Equal("GATE001", json.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("ruleId").GetString());
    }

    [Fact]
    public void A_failed_run_writes_the_report_and_deletes_every_old_stamp()
    {
        string stampFolder = StampFolder;
        Directory.CreateDirectory(stampFolder);
        File.WriteAllText(StampFile, "old");
        File.WriteAllText(Path.Combine(stampFolder, "other-hash.gatestamp"), "old");
        string report = Path.Combine(_temp, "gate-report.json");
        CheckLineage task = NewTask(TestRepositories.Example("owl-numbers"));
        task.ReportFile = report;

        Assert.False(task.Execute());

        Assert.Empty(Directory.EnumerateFiles(stampFolder, "*.gatestamp"));
        Assert.Contains("\"verdict\": \"fail\"", File.ReadAllText(report), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("waived", "waived (research run")]
    [InlineData("mitigated", "mitigated by cross-family-rewrite")]
    public void Waived_and_mitigated_findings_are_low_importance_messages(string example, string expected)
    {
        CheckLineage task = NewTask(TestRepositories.Example(example));

        Assert.True(task.Execute(), _engine.ToString());

        Assert.Empty(_engine.Errors);
        BuildMessageEventArgs message = Assert.Single(_engine.Messages, m => m.Code == "GATE001");
        Assert.Equal(MessageImportance.Low, message.Importance);
        Assert.Equal("Gate", message.Subcategory);
        Assert.Contains(expected, message.Message, StringComparison.Ordinal);
        Assert.True(Stamped);
    }

    [Theory]
    [InlineData(false, null, null, null, "warning")]
    [InlineData(true, null, null, null, "error")]
    [InlineData(false, "GATE003", null, null, "error")]
    [InlineData(false, "CS0168;gate003", null, null, "error")]
    [InlineData(true, null, "GATE003", null, "warning")]
    [InlineData(false, null, null, "GATE003", "suppressed")]
    [InlineData(true, "GATE003", null, "1591,GATE003", "suppressed")]
    public void Warning_settings_apply_to_gate_codes(bool treatWarningsAsErrors, string? warningsAsErrors, string? warningsNotAsErrors, string? noWarn, string expected)
    {
        TestRepositories.WriteSameFamilyRepository(_temp);
        CheckLineage task = NewTask(_temp);
        task.TreatWarningsAsErrors = treatWarningsAsErrors;
        task.WarningsAsErrors = warningsAsErrors;
        task.WarningsNotAsErrors = warningsNotAsErrors;
        task.NoWarn = noWarn;

        bool passed = task.Execute();

        string log = _engine.ToString();
        var gate003 = (Errors: _engine.Errors.Count(e => e.Code == "GATE003"), Warnings: _engine.Warnings.Count(w => w.Code == "GATE003"));
        Assert.Equal(_engine.Errors.Count, gate003.Errors);
        switch (expected)
        {
            case "warning":
                Assert.True(passed, log);
                Assert.Equal((0, 1), gate003);
                Assert.False(Stamped, "a run with warnings must not be cached");
                break;
            case "error":
                Assert.False(passed, log);
                Assert.Equal((1, 0), gate003);
                Assert.Equal("Gate", _engine.Errors[0].Subcategory);
                Assert.False(Stamped);
                break;
            default:
                Assert.True(passed, log);
                Assert.Equal((0, 0), gate003);
                Assert.Equal(MessageImportance.Low, Assert.Single(_engine.Messages, m => m.Code == "GATE003").Importance);
                Assert.True(Stamped, "a clean pass is cached");
                break;
        }
    }

    [Fact]
    public void Notes_are_high_importance_messages_and_a_pass_with_notes_is_cached()
    {
        TestRepositories.WriteSameFamilyRepository(_temp, severity: "note");
        CheckLineage task = NewTask(_temp);

        Assert.True(task.Execute(), _engine.ToString());

        BuildMessageEventArgs note = Assert.Single(_engine.Messages, m => m.Code == "GATE003");
        Assert.Equal(MessageImportance.High, note.Importance);
        Assert.Equal(Path.Combine(_temp, "data", "numbers.lineage.yaml"), note.File);
        Assert.True(Stamped);
    }

    /// <summary>
    /// A cached pass is bound to content, not to timestamps: a dataset rewritten with other bytes of
    /// the same length, its modification time set back, is checked again (and fails GATE006).
    /// </summary>
    [Fact]
    public void A_content_change_under_an_old_modification_time_is_checked_again()
    {
        string root = Path.Combine(_temp, "repo");
        TestRepositories.CopyExampleData("cross-family", root);
        Assert.True(NewTask(root).Execute(), _engine.ToString());
        Assert.True(Stamped);

        _engine.Clear();
        Assert.True(NewTask(root).Execute(), _engine.ToString());
        Assert.Contains(_engine.Messages, m => m.Message!.StartsWith("Gate: unchanged since the last passing check", StringComparison.Ordinal));

        string data = Path.Combine(root, "data", "r1-math-numbers.jsonl");
        DateTime written = File.GetLastWriteTimeUtc(data);
        byte[] bytes = File.ReadAllBytes(data);
        int digit = Array.FindIndex(bytes, b => b is >= (byte)'0' and <= (byte)'8');
        bytes[digit]++;
        File.WriteAllBytes(data, bytes);
        File.SetLastWriteTimeUtc(data, written);

        _engine.Clear();
        Assert.False(NewTask(root).Execute(), "a changed dataset must be checked again, whatever its timestamp\n" + _engine);
        Assert.Equal("GATE006", Assert.Single(_engine.Errors).Code);
        Assert.False(Stamped);
    }

    /// <summary>
    /// A stamp is named by an HMAC under a key kept on this machine, outside the repository: a stamp
    /// written elsewhere (committed in a pull request, computed from the public inputs digest) is
    /// never taken for a pass here.
    /// </summary>
    [Fact]
    public void A_stamp_written_under_another_key_is_not_taken_for_a_pass()
    {
        string root = Path.Combine(_temp, "repo");
        TestRepositories.CopyExampleData("cross-family", root);
        Assert.True(NewTask(root, Path.Combine(_temp, "elsewhere", "stamp-key")).Execute(), _engine.ToString());
        Assert.True(Stamped);

        _engine.Clear();
        Assert.True(NewTask(root).Execute(), _engine.ToString());
        Assert.DoesNotContain(_engine.Messages, m => m.Message!.StartsWith("Gate: unchanged", StringComparison.Ordinal));
        Assert.Contains(_engine.Messages, m => m.Message!.StartsWith("Gate: pass", StringComparison.Ordinal));

        string key = File.ReadAllText(Path.Combine(_temp, "key", "stamp-key"));
        Assert.Equal(32, File.ReadAllBytes(Path.Combine(_temp, "key", "stamp-key")).Length);
        Assert.DoesNotContain(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories), f => File.ReadAllText(f) == key);
    }

    [Fact]
    public void Malformed_policy_is_a_GATE1xx_error_at_the_users_file_not_an_exception()
    {
        TestRepositories.WriteSameFamilyRepository(_temp);
        File.WriteAllText(Path.Combine(_temp, "gate.yaml"), "version: 1\nmodels: [\n  - id: x\n");
        CheckLineage task = NewTask(_temp);

        Assert.False(task.Execute());

        BuildErrorEventArgs error = Assert.Single(_engine.Errors);
        Assert.StartsWith("GATE1", error.Code, StringComparison.Ordinal);
        Assert.NotEqual("GATE199", error.Code);
        Assert.Equal(Path.Combine(_temp, "gate.yaml"), error.File);
        Assert.True(error.LineNumber > 0, _engine.ToString());
        Assert.False(Stamped);
    }

    [Fact]
    public void A_missing_policy_is_GATE107()
    {
        Directory.CreateDirectory(Path.Combine(_temp, "empty"));
        CheckLineage task = NewTask(Path.Combine(_temp, "empty"));

        Assert.False(task.Execute());

        Assert.Equal(InputErrorKind.FileNotReadable.Code, Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void An_invalid_AsOf_date_is_GATE110()
    {
        CheckLineage task = NewTask(TestRepositories.Example("cross-family"));
        task.AsOf = "27/11/2026";

        Assert.False(task.Execute());

        BuildErrorEventArgs error = Assert.Single(_engine.Errors);
        Assert.Equal(InputErrorKind.InvalidArgument.Code, error.Code);
        Assert.Contains("GateAsOf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_exception_is_GATE199_and_a_failed_build()
    {
        CheckLineage task = NewTask(TestRepositories.Example("cross-family"));
        task.Runner = (_, _) => throw new InvalidOperationException("boom");

        Assert.False(task.Execute());

        BuildErrorEventArgs error = Assert.Single(_engine.Errors);
        Assert.Equal("GATE199", error.Code);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.False(Stamped);
    }

    [Fact]
    public void An_IO_exception_is_GATE107_as_in_every_host()
    {
        CheckLineage task = NewTask(TestRepositories.Example("cross-family"));
        task.Runner = (_, _) => throw new IOException("disk on fire");

        Assert.False(task.Execute());

        BuildErrorEventArgs error = Assert.Single(_engine.Errors);
        Assert.Equal("GATE107", error.Code);
        Assert.Equal(InputError.FromException(new IOException("disk on fire")).Message, error.Message);
        Assert.False(Stamped);
    }

    [Fact]
    public async Task Cancel_stops_a_long_check_promptly_and_caches_nothing()
    {
        CheckLineage task = NewTask(TestRepositories.Example("cross-family"));
        using var started = new ManualResetEventSlim();
        task.Runner = (_, token) =>
        {
            started.Set();
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            token.ThrowIfCancellationRequested();
            throw new InvalidOperationException("not cancelled");
        };

        var clock = Stopwatch.StartNew();
        var execute = Task.Run(task.Execute);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        task.Cancel();
        bool passed = await execute.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(passed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Empty(_engine.Errors);
        Assert.Contains(_engine.Messages, m => m.Message!.Contains("cancelled", StringComparison.Ordinal));
        Assert.False(Stamped);
    }

    [Fact]
    public void Cancel_before_the_scan_stops_the_real_engine()
    {
        CheckLineage task = NewTask(TestRepositories.Example("cross-family"));
        task.Cancel();

        Assert.False(task.Execute());

        Assert.Empty(_engine.Errors);
        Assert.False(Stamped);
    }
}
