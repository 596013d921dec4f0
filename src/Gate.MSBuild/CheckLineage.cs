using System.Globalization;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;
using Microsoft.Build.Framework;

namespace Gate.MSBuild;

/// <summary>
/// Runs <c>gate check</c> inside the build and reports every finding as an MSBuild diagnostic at the
/// user's file, line and column. Errors fail the build; warnings follow the project's warning
/// settings; notes are high-importance messages; waived and mitigated findings are low-importance
/// messages. A clean pass leaves a stamp in <see cref="StampDirectory"/> named by the digest of the
/// input's content, which lets the next build on the same content skip the check.
/// </summary>
public sealed class CheckLineage : GateTask
{
    private string _root = string.Empty;

    /// <summary>The checked folder (the data repository's root).</summary>
    [Required]
    public string Directory { get; set; } = string.Empty;

    /// <summary>The policy file; empty for <c>gate.yaml</c> in <see cref="Directory"/>.</summary>
    public string? Policy { get; set; }

    /// <summary>Where to write the JSON report (<c>gate-report/1</c>); empty for none.</summary>
    public string? ReportFile { get; set; }

    /// <summary>Where to write SARIF 2.1.0 (paths relative to the checked folder); empty for none.</summary>
    public string? SarifFile { get; set; }

    /// <summary>
    /// Where a clean pass is remembered: a stamp named by the digest of everything the check could
    /// read (<see cref="CheckInputsDigest"/>: every file's content, never a timestamp, with the
    /// settings and today's date). When the stamp for the current digest exists, the check is not
    /// run again. Stamps are deleted before a check starts and written only after a pass without a
    /// warning, so a failed (or warning) run is never cached. Empty: no caching.
    /// </summary>
    public string? StampDirectory { get; set; }

    /// <summary>
    /// A commit the build checks the change against (<c>gate check --base</c>), such as
    /// <c>origin/main</c>: a dataset git reports unchanged since then, whose lock entry is that
    /// commit's, is taken from the lock (with its records from <see cref="RecordStore"/>) instead of
    /// scanned. That is the incremental check then, bound to content through git; no stamp is used.
    /// Honoured only as a global property (<c>-p:GateBase=…</c>): a project file is the repository's,
    /// which a pull request can change. Empty: none.
    /// </summary>
    public string? Base { get; set; }

    /// <summary>The record store (<c>gate check --cache</c>): a folder outside the checked one; empty for none.</summary>
    public string? RecordStore { get; set; }

    /// <summary>The date waivers are judged against (YYYY-MM-DD); empty for today (UTC).</summary>
    public string? AsOf { get; set; }

    public bool TreatWarningsAsErrors { get; set; }

    public string? WarningsAsErrors { get; set; }

    public string? WarningsNotAsErrors { get; set; }

    public string? NoWarn { get; set; }

    /// <summary>The verdict: <c>pass</c> or <c>fail</c> (after the warning settings); empty when the input could not be evaluated.</summary>
    [Output]
    public string Verdict { get; private set; } = string.Empty;

    /// <summary>Replaces the engine call in tests (e.g. to make it throw); null in real builds.</summary>
    internal Func<GateCheckOptions, CancellationToken, GateReport>? Runner { get; set; }

    protected override void ExecuteCore(CancellationToken cancellationToken)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory));
        DateOnly today = AsOfDate.ParseOrToday(AsOf, "GateAsOf", trimWhitespace: true);
        string? policy = string.IsNullOrWhiteSpace(Policy) ? null : Path.GetFullPath(Policy);
        string? baseCommit = string.IsNullOrWhiteSpace(Base) ? null : Base.Trim();
        if (baseCommit is not null && !IsGlobalProperty("GateBase"))
        {
            // A project file is part of the repository, which a pull request can change: naming its own
            // commit as the base there would have its data taken from its own lock.
            Log.LogMessage(MessageImportance.High,
                "Gate: GateBase is honoured only from the command line (dotnet build -p:GateBase=…), not from a project file a pull request could edit; every dataset is scanned");
            baseCommit = null;
        }

        // With a base, git's account of the change decides what is scanned: hashing every file for a stamp would cost what the check saves.
        string? stampFile = baseCommit is null ? StampFor(policy, today, cancellationToken) : null;
        if (stampFile is not null && File.Exists(stampFile))
        {
            Verdict = "pass";
            Log.LogMessage(MessageImportance.Normal,
                $"Gate: unchanged since the last passing check (inputs digest {Path.GetFileNameWithoutExtension(stampFile)[..12]}, content of every file in {_root}); not checked again");
            return;
        }

        DeleteStamps();
        var options = new GateCheckOptions(_root, today, policy)
        {
            Outputs = new[] { ReportFile, SarifFile }.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => Path.GetFullPath(f!)).ToArray(),
            Base = baseCommit,
            RecordStore = string.IsNullOrWhiteSpace(RecordStore) ? null : Path.GetFullPath(RecordStore),
        };

        GateReport report = (Runner ?? GateRun.Check)(options, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        ReportFiles.Write(report, new (ReportFormat Format, string? Path)[] { (ReportFormat.Json, ReportFile), (ReportFormat.Sarif, SarifFile) }
            .Where(f => !string.IsNullOrWhiteSpace(f.Path)).Select(f => (f.Format, Path.GetFullPath(f.Path!))));

        var warnings = new WarningPolicy(TreatWarningsAsErrors, WarningsAsErrors, WarningsNotAsErrors, NoWarn);
        int warningsLogged = 0;
        foreach (Finding finding in report.Findings)
        {
            if (LogFinding(finding, warnings))
            {
                warningsLogged++;
            }
        }

        if (report.Changes?.ScanLine() is { } scanned)
        {
            Log.LogMessage(MessageImportance.Normal, $"Gate: {VisibleText.Escape(scanned)}");
        }

        ReportSummary s = report.Summary;
        Verdict = Log.HasLoggedErrors ? "fail" : "pass";
        Log.LogMessage(MessageImportance.Normal,
            string.Create(CultureInfo.InvariantCulture,
                $"Gate: {Verdict} — {s.Errors} error(s), {s.Warnings} warning(s), {s.Notes} note(s), {s.Waived} waived, {s.Mitigated} mitigated, {s.Datasets} dataset(s) checked in {_root}"));

        // Only a clean pass is cached: a run with warnings re-runs, so its warnings show on every build
        // and '-warnaserror' (applied by the logger, invisible to the task) always sees them.
        if (!Log.HasLoggedErrors && warningsLogged == 0 && stampFile is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AtomicFile.WriteAllText(Path.GetFullPath(stampFile),
                string.Create(CultureInfo.InvariantCulture, $"gate pass: {s.Datasets} dataset(s), {report.Findings.Count} finding(s), as of {today:yyyy-MM-dd}\n"));
        }
    }

    /// <summary>Whether <paramref name="name"/> is a global property of the build (set on the command line), not one a project file set.</summary>
    private bool IsGlobalProperty(string name) =>
        BuildEngine is IBuildEngine6 engine && engine.GetGlobalProperties().ContainsKey(name);

    protected override string? ToFullPath(string? relativeFile)
    {
        if (string.IsNullOrEmpty(relativeFile))
        {
            return null;
        }

        // Every relative file comes from the engine, which runs after ExecuteCore has set _root.
        return Path.GetFullPath(Path.Combine(_root, relativeFile.Replace('/', Path.DirectorySeparatorChar)));
    }

    /// <summary>Logs one finding; true when it was logged as a warning.</summary>
    private bool LogFinding(Finding finding, WarningPolicy warnings)
    {
        string code = finding.Rule.Code;
        var (file, line, column) = (finding.Location.File, finding.Location.Line, finding.Location.Column);
        if (!finding.IsActive)
        {
            LogMessage(MessageImportance.Low, code, file, line, column, $"{SetAside(finding)}: {finding.Message}");
            return false;
        }

        switch (finding.Severity)
        {
            case Severity.Error:
                LogError(code, file, line, column, finding.Message);
                return false;
            case Severity.Warning:
                switch (warnings.Classify(code))
                {
                    case WarningDisposition.Error:
                        LogError(code, file, line, column, finding.Message);
                        return false;
                    case WarningDisposition.Suppressed:
                        LogMessage(MessageImportance.Low, code, file, line, column, $"(suppressed by NoWarn) {finding.Message}");
                        return false;
                    default:
                        LogWarning(code, file, line, column, finding.Message);
                        return true;
                }

            case Severity.Note:
                LogMessage(MessageImportance.High, code, file, line, column, $"note: {finding.Message}");
                return false;
            default:
                return false;
        }
    }

    private static string SetAside(Finding finding) =>
        finding.Waiver is { } waiver
            ? string.Create(CultureInfo.InvariantCulture, $"waived ({waiver.Reason}; approved by {waiver.ApprovedBy}; expires {waiver.Expires:yyyy-MM-dd}; waiver at {waiver.Location})")
            : $"mitigated by {finding.MitigatedBy}";

    private const string StampExtension = ".gatestamp";

    /// <summary>The file holding this machine's stamp key (<see cref="Gate.MSBuild.StampKey"/>); tests point it elsewhere.</summary>
    internal string StampKeyFile { get; set; } = StampKey.DefaultFile;

    /// <summary>
    /// The stamp a pass on the current input would leave: named by an HMAC, under this machine's
    /// key, of the inputs digest. Null without <see cref="StampDirectory"/>, or when there is no key
    /// (nothing is cached then).
    /// </summary>
    private string? StampFor(string? policy, DateOnly today, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(StampDirectory))
        {
            return null;
        }

        if (StampKey.ReadOrCreate(StampKeyFile) is not { } key)
        {
            Log.LogMessage(MessageImportance.Normal, $"Gate: no stamp key at {StampKeyFile} (it cannot be read or made), so passes are not cached");
            return null;
        }

        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(StampDirectory));
        string settings = string.Create(CultureInfo.InvariantCulture,
            $"policy={policy}|report={ReportFile}|sarif={SarifFile}|asof={today:yyyy-MM-dd}|twae={TreatWarningsAsErrors}|wae={WarningsAsErrors}|wnae={WarningsNotAsErrors}|nowarn={NoWarn}");
        string digest = CheckInputsDigest.Compute(_root, policy, settings,
            file => file.EndsWith(StampExtension, StringComparison.Ordinal) && Path.GetDirectoryName(file) == folder, cancellationToken);
        return Path.Combine(folder, StampKey.Name(key, digest) + StampExtension);
    }

    private void DeleteStamps()
    {
        if (string.IsNullOrWhiteSpace(StampDirectory))
        {
            return;
        }

        string folder = Path.GetFullPath(StampDirectory);
        if (System.IO.Directory.Exists(folder))
        {
            foreach (string old in System.IO.Directory.EnumerateFiles(folder, "*" + StampExtension))
            {
                File.Delete(old);
            }
        }
    }
}
