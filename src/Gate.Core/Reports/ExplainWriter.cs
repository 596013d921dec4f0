using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Rules;

namespace Gate.Core.Reports;

/// <summary>The text of <c>gate explain</c>, from the rule definitions.</summary>
public static class ExplainWriter
{
    public static string ToText(RuleDefinition rule)
    {
        var sb = new StringBuilder();
        sb.Append($"{rule.Code} {rule.Name} (default severity: {rule.DefaultSeverity.ToName()})\n\n");
        Section(sb, "What fires it", rule.Summary);
        Section(sb, "Why it matters", rule.Explanation);
        Section(sb, "Evidence", rule.Evidence);
        Section(sb, "How to resolve it", rule.Resolution);
        sb.Append($"Set its severity in gate.yaml:  rules: {{ {rule.Name}: error | warning | note | off }}\n");
        return sb.ToString();
    }

    public static string ToText(InputErrorKind kind) =>
        $"{kind.Code} {kind.Name} (always an error; exit code 2: the input could not be evaluated)\n\n"
        + Wrap("What it means", kind.Summary) + Wrap("How to resolve it", kind.Resolution);

    /// <summary>A rule's help as Markdown: SARIF's rule help and docs/rules.md read it from here.</summary>
    public static string ToMarkdown(RuleDefinition rule) =>
        $"**{rule.Code} {rule.Name}** — {rule.Summary}\n\n**Why it matters.** {rule.Explanation}\n\n**Evidence.** {rule.Evidence}\n\n**How to resolve.** {rule.Resolution}\n";

    /// <summary>
    /// docs/rules.md: every rule and input error with what fires it, the evidence behind it and how to
    /// resolve it, written from the same definitions as <c>gate explain</c> and SARIF's rule help (a
    /// test keeps the committed file equal to this).
    /// </summary>
    public static string RulesDocument()
    {
        var sb = new StringBuilder("""
            # Gate's rules and the evidence behind them

            This page is written from the rule definitions in `src/Gate.Core/Rules/` — the same text
            `gate explain RULE` prints and SARIF carries as rule help — so it cannot drift from them.
            Each rule's severity is set in `gate.yaml` under `rules:`; the input errors (GATE1xx) are
            always errors and end the run with exit code 2. [threat-model.md](threat-model.md) says what
            each rule guarantees against a pull request that tries to slip data past review.

            ## Rules

            | code | rule | default | fires when |
            |---|---|---|---|

            """);
        foreach (RuleDefinition rule in RuleCatalog.All)
        {
            sb.Append($"| [{rule.Code}](#{rule.Code.ToLowerInvariant()}-{rule.Name}) | {rule.Name} | {rule.DefaultSeverity.ToName()} | {rule.Summary} |\n");
        }

        foreach (RuleDefinition rule in RuleCatalog.All)
        {
            sb.Append($"\n### {rule.Code} {rule.Name}\n\n").Append(ToMarkdown(rule));
        }

        sb.Append("\n## Input errors\n\n| code | name | what it means | how to resolve it |\n|---|---|---|---|\n");
        foreach (InputErrorKind kind in InputErrorKind.All)
        {
            sb.Append($"| {kind.Code} | {kind.Name} | {kind.Summary} | {kind.Resolution} |\n");
        }

        return sb.ToString();
    }

    /// <summary>The list <c>gate explain</c> prints without an argument.</summary>
    public static string Index()
    {
        var sb = new StringBuilder("Rules (severity set in gate.yaml 'rules:'):\n");
        foreach (RuleDefinition rule in RuleCatalog.All)
        {
            sb.Append($"  {rule.Code}  {rule.Name,-20} {rule.DefaultSeverity.ToName(),-8} {rule.Summary}\n");
        }

        sb.Append("\nInput errors (always exit code 2):\n");
        foreach (InputErrorKind kind in InputErrorKind.All)
        {
            sb.Append($"  {kind.Code}  {kind.Name,-24} {kind.Summary}\n");
        }

        return sb.ToString();
    }

    private static string Wrap(string title, string text)
    {
        var sb = new StringBuilder();
        Section(sb, title, text);
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, string text)
    {
        sb.Append(title).Append(":\n");
        int width = 0;
        sb.Append("  ");
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (width > 0 && width + word.Length > 96)
            {
                sb.Append("\n  ");
                width = 0;
            }
            else if (width > 0)
            {
                sb.Append(' ');
                width++;
            }

            sb.Append(word);
            width += word.Length;
        }

        sb.Append("\n\n");
    }
}
