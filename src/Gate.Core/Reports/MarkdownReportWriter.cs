using System.Globalization;
using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Reports;

/// <summary>
/// The report as GitHub-flavoured Markdown, for a job summary or a PR comment: the verdict, a
/// findings table and a Mermaid graph teacher → dataset → student with shared ancestors
/// highlighted. It never exceeds <c>maxCharacters</c>: rows that do not fit are counted in an
/// honest "n more" line.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>GitHub's limit for an issue or PR comment body.</summary>
    public const int CommentLimit = 65_536;

    /// <summary>GitHub's limit for one step's job summary (1 MiB; characters ≤ bytes for this bound to hold).</summary>
    public const int SummaryLimit = 1_048_576 / 4; // UTF-8 can take up to 4 bytes a character

    private const int MaxGraphDatasets = 50;

    public static string WriteToString(GateReport report, int maxCharacters, ReportPaths? paths = null)
    {
        paths ??= ReportPaths.Relative;
        var head = new StringBuilder();
        ReportSummary s = report.Summary;
        string icon = report.Verdict == Verdict.Pass ? "✅" : "❌";
        head.Append(CultureInfo.InvariantCulture, $"## {icon} Gate: {report.Verdict.ToName()}\n\n");
        head.Append(CultureInfo.InvariantCulture,
            $"**{s.Errors}** error(s), **{s.Warnings}** warning(s), **{s.Notes}** note(s); {s.Waived} waived, {s.Mitigated} mitigated; {s.Datasets} dataset(s) checked against {MarkdownText.Code(paths.Map(report.PolicyFile))}.\n\n");
        if (report.Changes is { } changes)
        {
            head.Append(Changes(changes, report.Findings, paths, maxCharacters / 4));
        }

        string graph = Graph(report);
        string tail = "\n<sub>Passing means the known structural risk (a shared initialization) is absent or mitigated on record — not that the data is safe. `gate explain CODE` says why each rule exists.</sub>\n";

        var table = new StringBuilder();
        int written = 0;
        if (report.Findings.Count > 0)
        {
            const string tableHead = "| | Code | Rule | Dataset | Teacher → Student | Where | Message |\n|---|---|---|---|---|---|---|\n";
            table.Append(tableHead);
            // Leave room for the graph (if it fits), the tail and the "n more" line.
            int budget = maxCharacters - head.Length - tail.Length - 200 - (graph.Length < maxCharacters / 4 ? graph.Length : 0);
            // New findings first: with a base, what the change brings leads.
            foreach (Finding finding in report.Findings.OrderBy(f => f.IsActive ? 0 : 1).ThenBy(f => f.Baseline == FindingBaseline.Unchanged ? 1 : 0).ThenByDescending(f => f.Severity))
            {
                string row = Row(finding, paths);
                if (table.Length + row.Length > budget)
                {
                    break;
                }

                table.Append(row);
                written++;
            }

            if (written < report.Findings.Count)
            {
                table.Append(CultureInfo.InvariantCulture, $"\n… and **{report.Findings.Count - written} more** finding(s) not shown here (size limit); the JSON report, the SARIF file and the check run have all of them.\n");
            }

            if (written == 0 && report.Findings.Count > 0)
            {
                table.Clear().Append(CultureInfo.InvariantCulture, $"{report.Findings.Count} finding(s) do not fit here; see the JSON report.\n");
            }
        }
        else
        {
            table.Append("No findings.\n");
        }

        var result = new StringBuilder().Append(head).Append(table);
        if (result.Length + graph.Length + tail.Length <= maxCharacters)
        {
            result.Append(graph);
        }

        if (result.Length + tail.Length <= maxCharacters)
        {
            result.Append(tail);
        }

        return result.Length <= maxCharacters ? result.ToString() : result.ToString(0, maxCharacters);
    }

    /// <summary>What the change does, first: a reviewer reads whose data it adds before the findings. Cut to <paramref name="budget"/> characters.</summary>
    private static string Changes(ChangeSummary changes, IReadOnlyList<Finding> findings, ReportPaths paths, int budget)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"**This change** against {MarkdownText.Code(changes.Base)} ({MarkdownText.Code(changes.Commit[..12])}): {changes.Added} dataset(s) added, {changes.Changed} changed, {changes.Removed} removed{(changes.BaseHasLock ? string.Empty : " (the base locks no dataset)")}{(changes.ContentCompared ? string.Empty : " (content not compared: the policy turns every content rule off)")}.\n\n");
        int shown = 0;
        foreach (DatasetChange change in changes.Datasets)
        {
            string verb = change.Kind switch { DatasetChangeKind.Added => "adds", DatasetChangeKind.Removed => "removes", _ => "changes" };
            string what = change.What.Count > 0 ? $" ({MarkdownText.Escape(string.Join("; ", change.What))})" : string.Empty;
            string line = $"- {verb} {MarkdownText.Code(paths.Map(change.Path))}{what}, written by {Models(change.Teachers)} for {Models(change.Students)}\n";
            if (text.Length + line.Length > budget)
            {
                text.Append(CultureInfo.InvariantCulture, $"- … and {changes.Datasets.Count - shown} more (the JSON report has every one)\n");
                break;
            }

            text.Append(line);
            shown++;
        }

        if (findings.Count > 0)
        {
            text.Append(changes.FindingsNotCompared is { } why
                ? $"\nFindings not compared with the base: {MarkdownText.Escape(why)}.\n"
                : string.Create(CultureInfo.InvariantCulture,
                    $"\n**{findings.Count(f => f.Baseline == FindingBaseline.New)} finding(s) new in this change** (🆕 below), {findings.Count(f => f.Baseline == FindingBaseline.Unchanged)} already on the base.\n"));
        }

        if (changes.ScanLine() is { } scanned)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(text is [.., '\n', '\n'] ? string.Empty : "\n")}{MarkdownText.Escape(scanned)}.\n");
        }

        return text.Append('\n').ToString();
    }

    private static string Models(IReadOnlyList<string> ids) => ids.Count == 0 ? "no model declared" : string.Join(", ", ids.Select(MarkdownText.Code));

    /// <summary>Warnings appended to a summary (e.g. reporting to GitHub that failed), one quoted line each.</summary>
    public static string WriteWarnings(IEnumerable<string> warnings) =>
        string.Concat(warnings.Select(w => $"\n> ⚠️ {MarkdownText.Escape(w)}\n"));

    /// <summary>The summary of a run that could not evaluate its input: every GATE1xx error.</summary>
    public static string WriteInputErrors(IEnumerable<InputError> errors) =>
        "## ⛔ Gate: could not evaluate\n\n" + string.Join("\n", errors.Select(e => $"- {MarkdownText.Code(e.ToString())}")) + "\n";

    private static string Row(Finding finding, ReportPaths paths)
    {
        string status = finding.IsWaived ? "⏸️ waived" : finding.IsMitigated ? "🛡️ mitigated" : finding.Severity switch
        {
            Severity.Error => "❌ error",
            Severity.Warning => "⚠️ warning",
            _ => "ℹ️ note",
        };
        string models = finding.Teacher is null && finding.Student is null ? "" : $"{MarkdownText.Escape(finding.Teacher ?? "—")} → {MarkdownText.Escape(finding.Student ?? "—")}";
        if (finding.Shared is not null)
        {
            models += $" (shared: {MarkdownText.Escape(finding.Shared)})";
        }

        if (finding.Baseline == FindingBaseline.New)
        {
            status += " 🆕";
        }

        string note = finding.Waiver is { } w
            ? string.Create(CultureInfo.InvariantCulture, $" _(waived until {w.Expires:yyyy-MM-dd} by {MarkdownText.Escape(w.ApprovedBy)}: {MarkdownText.Escape(w.Reason)})_")
            : finding.MitigatedBy is { } m ? $" _(mitigated by {MarkdownText.Escape(m)})_" : "";
        return $"| {status} | {finding.Rule.Code} | {finding.Rule.Name} | {MarkdownText.Code(finding.Dataset)} | {models} | {MarkdownText.Code(paths.Map(finding.Location.ToString()))} | {MarkdownText.Escape(finding.Message)}{note} |\n";
    }

    /// <summary>teacher → dataset → student; a finding's shared ancestor is drawn and highlighted.</summary>
    private static string Graph(GateReport report)
    {
        var datasets = report.Datasets.Where(d => d.Teachers.Count > 0).Take(MaxGraphDatasets).ToList();
        if (datasets.Count == 0)
        {
            return string.Empty;
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new StringBuilder();
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        var sharedNodes = new SortedSet<string>(StringComparer.Ordinal);

        string Node(string kind, string label, string shape)
        {
            string key = kind + ":" + label;
            if (!ids.TryGetValue(key, out string? id))
            {
                id = kind[0] + ids.Count.ToString(CultureInfo.InvariantCulture);
                ids[key] = id;
                nodes.Append("  ").Append(id).Append(string.Format(CultureInfo.InvariantCulture, shape, MermaidText.Label(label))).Append('\n');
            }

            return id;
        }

        foreach (DatasetSummary dataset in datasets)
        {
            string d = Node("dataset", dataset.Path, "[/\"{0}\"/]");
            foreach (string teacher in dataset.Teachers)
            {
                edges.Add($"  {Node("model", teacher, "[\"{0}\"]")} -->|wrote| {d}\n");
            }

            foreach (string student in dataset.Students)
            {
                edges.Add($"  {d} -->|trains| {Node("model", student, "[\"{0}\"]")}\n");
            }
        }

        foreach (Finding finding in report.Findings.Where(f => f.Shared is not null && f.Teacher is not null && f.Student is not null))
        {
            string shared = Node("model", finding.Shared!, "[\"{0}\"]");
            sharedNodes.Add(shared);
            string line = finding.IsActive ? "-.->" : "-.-";
            edges.Add($"  {Node("model", finding.Teacher!, "[\"{0}\"]")} {line}|shares init| {shared}\n");
            edges.Add($"  {Node("model", finding.Student!, "[\"{0}\"]")} {line}|shares init| {shared}\n");
        }

        var sb = new StringBuilder("<details><summary>Lineage graph</summary>\n\n```mermaid\ngraph LR\n");
        sb.Append(nodes).Append(string.Concat(edges));
        if (sharedNodes.Count > 0)
        {
            sb.Append("  classDef shared fill:#ffd6d6,stroke:#c00,stroke-width:2px\n");
            sb.Append("  class ").Append(string.Join(',', sharedNodes)).Append(" shared\n");
        }

        sb.Append("```\n\n</details>\n");
        return sb.ToString();
    }
}
