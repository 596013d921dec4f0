using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.GitHub.Tests;

internal static class TestSupport
{
    public static string RepositoryRoot => SourceTree.Root;

    /// <summary>A report with <paramref name="count"/> error findings spread over a few files.</summary>
    public static GateReport ReportWithFindings(int count, Severity severity = Severity.Error)
    {
        RuleDefinition rule = RuleCatalog.Find("GATE001")!;
        var findings = Enumerable.Range(0, count)
            .Select(i => Finding.Of(rule, $"data/d{i:D4}.jsonl", $"finding {i}: teacher and student share an initialization", new SourceLocation($"data/d{i:D4}.lineage.yaml", 2, 10), "acme/teacher", "acme/student", "base/root") with { Severity = severity })
            .ToArray();
        return new GateReport("gate.yaml", [], findings);
    }

    public static Func<string, string?> Environment(IDictionary<string, string> values) =>
        name => values.TryGetValue(name, out string? value) ? value : null;
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gate-github-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
