using System.Text.Json;
using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Reports;

/// <summary>
/// The JSON report (<c>gate-report/1</c>): a stable property order, LF line endings and no
/// timestamps, so two runs over the same input are byte-identical.
/// </summary>
public static class JsonReportWriter
{
    public static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = VisibleJsonEncoder.Instance, // relaxed (a file for tools and people, never embedded in HTML), hidden characters escaped
    };

    public static void Write(GateReport report, Stream stream) => JsonText.Write(stream, json => Write(report, json));

    public static string WriteToString(GateReport report) => JsonText.ToString(json => Write(report, json));

    private static void Write(GateReport report, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("schema", GateReport.Schema);
        json.WriteString("verdict", report.Verdict.ToName());
        json.WriteString("policy", report.PolicyFile);

        json.WriteStartObject("summary");
        json.WriteNumber("errors", report.Summary.Errors);
        json.WriteNumber("warnings", report.Summary.Warnings);
        json.WriteNumber("notes", report.Summary.Notes);
        json.WriteNumber("waived", report.Summary.Waived);
        json.WriteNumber("mitigated", report.Summary.Mitigated);
        json.WriteNumber("datasets", report.Summary.Datasets);
        json.WriteEndObject();

        if (report.Changes is { } changes)
        {
            WriteChanges(json, changes, report.Findings);
        }

        json.WriteStartArray("datasets");
        foreach (DatasetSummary dataset in report.Datasets)
        {
            json.WriteStartObject();
            json.WriteString("path", dataset.Path);
            json.WriteString("kind", dataset.IsFolder ? "folder" : "file");
            WriteNullable(json, "sha256", dataset.Sha256);
            WriteNullableNumber(json, "bytes", dataset.Bytes);
            WriteNullableNumber(json, "records", dataset.Records);
            WriteNullable(json, "manifest", dataset.Manifest);
            WriteStrings(json, "teachers", dataset.Teachers);
            WriteStrings(json, "students", dataset.Students);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("findings");
        foreach (Finding finding in report.Findings)
        {
            WriteFinding(json, finding);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Only with --base, so every other report keeps its bytes.</summary>
    private static void WriteChanges(Utf8JsonWriter json, ChangeSummary changes, IReadOnlyList<Finding> findings)
    {
        json.WriteStartObject("changes");
        json.WriteString("base", changes.Base);
        json.WriteString("commit", changes.Commit);
        json.WriteBoolean("baseHasLock", changes.BaseHasLock);
        json.WriteBoolean("contentCompared", changes.ContentCompared);
        json.WriteNumber("added", changes.Added);
        json.WriteNumber("changed", changes.Changed);
        json.WriteNumber("removed", changes.Removed);
        json.WriteNumber("newFindings", findings.Count(f => f.Baseline == FindingBaseline.New));
        json.WriteNumber("findingsOnBase", findings.Count(f => f.Baseline == FindingBaseline.Unchanged));
        WriteNullable(json, "findingsNotCompared", changes.FindingsNotCompared);
        json.WriteNumber("scanned", changes.Scanned);
        json.WriteNumber("takenFromBase", changes.TakenFromBase);
        WriteNullable(json, "whyNoneTakenFromBase", changes.WhyNoneTakenFromBase);
        json.WriteStartArray("datasets");
        foreach (DatasetChange change in changes.Datasets)
        {
            json.WriteStartObject();
            json.WriteString("path", change.Path);
            json.WriteString("change", change.Kind switch { DatasetChangeKind.Added => "added", DatasetChangeKind.Removed => "removed", _ => "changed" });
            WriteStrings(json, "what", change.What);
            WriteStrings(json, "teachers", change.Teachers);
            WriteStrings(json, "students", change.Students);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("code", finding.Rule.Code);
        json.WriteString("rule", finding.Rule.Name);
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteBoolean("waived", finding.IsWaived);
        json.WriteString("dataset", finding.Dataset);
        WriteNullable(json, "teacher", finding.Teacher);
        WriteNullable(json, "student", finding.Student);
        WriteNullable(json, "shared", finding.Shared);
        WriteNullable(json, "mitigatedBy", finding.MitigatedBy);
        if (finding.Waiver is { } waiver)
        {
            json.WriteStartObject("waiver");
            json.WriteString("reason", waiver.Reason);
            json.WriteString("approvedBy", waiver.ApprovedBy);
            json.WriteString("expires", waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            WriteLocation(json, "location", waiver.Location);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("waiver");
        }

        json.WriteString("message", finding.Message);
        WriteLocation(json, "location", finding.Location);
        if (finding.Baseline is { } baseline)
        {
            json.WriteString("baseline", Baseline(baseline)); // only with --base, so every other report keeps its bytes
        }

        json.WriteEndObject();
    }

    /// <summary>SARIF's names: "new", "unchanged".</summary>
    internal static string Baseline(FindingBaseline baseline) => baseline == FindingBaseline.New ? "new" : "unchanged";

    internal static void WriteLocation(Utf8JsonWriter json, string name, SourceLocation location)
    {
        json.WriteStartObject(name);
        json.WriteString("file", location.File);
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
