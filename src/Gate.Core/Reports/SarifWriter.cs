using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Reports;

/// <summary>
/// SARIF 2.1.0 for code scanning: rule metadata and help from the rule definitions, relative paths,
/// stable <c>partialFingerprints</c> (independent of line numbers and wording, so an alert survives
/// an edit above it), and waived or mitigated findings as accepted suppressions.
/// </summary>
public static class SarifWriter
{
    public const string FingerprintKey = "gateFinding/v1";

    /// <summary>Each rule's position in the driver's rules array, which every result refers to.</summary>
    private static readonly Dictionary<string, int> RuleIndex =
        RuleCatalog.All.Select((rule, i) => (rule.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

    public static string WriteToString(GateReport report, ReportPaths? paths = null) => JsonText.ToString(json => Write(json, report, paths ?? ReportPaths.Relative));

    public static void Write(GateReport report, Stream stream, ReportPaths? paths = null) =>
        JsonText.Write(stream, json => Write(json, report, paths ?? ReportPaths.Relative));

    private static void Write(Utf8JsonWriter json, GateReport report, ReportPaths paths)
    {
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json);
        json.WriteStartArray("results");
        foreach (Finding finding in report.Findings)
        {
            WriteResult(json, finding, paths);
        }

        json.WriteEndArray();
        json.WriteString("columnKind", "unicodeCodePoints");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A hash of what identifies a finding across runs: rule, dataset, models and file — not line or message.</summary>
    private static string Fingerprint(Finding finding)
    {
        string identity = string.Join('\u001f', finding.Rule.Code, finding.Dataset, finding.Teacher ?? "", finding.Student ?? "", finding.Location.File);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    private static void WriteTool(Utf8JsonWriter json)
    {
        Version version = typeof(SarifWriter).Assembly.GetName().Version ?? new Version(0, 0, 0);
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Gate");
        json.WriteString("semanticVersion", $"{version.Major}.{version.Minor}.{Math.Max(0, version.Build)}");
        json.WriteStartArray("rules");
        foreach (RuleDefinition rule in RuleCatalog.All)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Code);
            json.WriteString("name", rule.Name);
            WriteMessage(json, "shortDescription", rule.Summary);
            WriteMessage(json, "fullDescription", rule.Explanation);
            json.WriteStartObject("help");
            json.WriteString("text", $"{rule.Summary}\n\nWhy: {rule.Explanation}\n\nEvidence: {rule.Evidence}\n\nResolve: {rule.Resolution}");
            json.WriteString("markdown", ExplainWriter.ToMarkdown(rule));
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStartArray("tags");
            json.WriteStringValue("lineage");
            json.WriteStringValue("training-data");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }


    private static void WriteResult(Utf8JsonWriter json, Finding finding, ReportPaths paths)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Rule.Code);
        if (RuleIndex.TryGetValue(finding.Rule.Code, out int index))
        {
            json.WriteNumber("ruleIndex", index);
        }

        json.WriteString("level", Level(finding.Severity));
        if (finding.Baseline is { } baseline)
        {
            json.WriteString("baselineState", JsonReportWriter.Baseline(baseline));
        }

        WriteMessage(json, "message", finding.Message);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", Uri.EscapeDataString(paths.Map(finding.Location.File)).Replace("%2F", "/", StringComparison.Ordinal));
        json.WriteEndObject();
        if (finding.Location.HasPosition)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", finding.Location.Line);
            json.WriteNumber("startColumn", Math.Max(1, finding.Location.Column));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(finding));
        json.WriteEndObject();

        if (!finding.IsActive)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("status", "accepted");
            json.WriteString("justification", finding.Waiver is { } w
                ? string.Create(CultureInfo.InvariantCulture, $"waived until {w.Expires:yyyy-MM-dd} by {w.ApprovedBy}: {w.Reason}")
                : $"mitigated by {finding.MitigatedBy}");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        json.WriteString("rule", finding.Rule.Name);
        json.WriteString("dataset", finding.Dataset);
        if (finding.Teacher is not null) json.WriteString("teacher", finding.Teacher);
        if (finding.Student is not null) json.WriteString("student", finding.Student);
        if (finding.Shared is not null) json.WriteString("shared", finding.Shared);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };
}
