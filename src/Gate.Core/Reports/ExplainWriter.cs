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
