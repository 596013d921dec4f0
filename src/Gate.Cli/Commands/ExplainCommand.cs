using System.CommandLine;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.Core.Rules;
using Gate.Core.Yaml;

namespace Gate.Cli.Commands;

/// <summary><c>gate explain RULE-OR-CODE</c>: what a rule means, its evidence, how to resolve it.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var rule = new Argument<string?>("RULE-OR-CODE")
        {
            Description = "A rule name (shared-init) or code (GATE001, GATE101). Without it, lists every rule and input error.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("explain", "Explain a rule: what fires it, the evidence behind it, how to resolve it.") { rule };
        command.SetAction(parse =>
        {
            string? name = parse.GetValue(rule);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (string.IsNullOrWhiteSpace(name))
            {
                output.Write(ExplainWriter.Index());
                return ExitCodes.Pass;
            }

            if (RuleCatalog.Find(name) is { } definition)
            {
                output.Write(ExplainWriter.ToText(definition));
                return ExitCodes.Pass;
            }

            if (InputErrorKind.All.FirstOrDefault(k => k.Code.Equals(name, StringComparison.OrdinalIgnoreCase) || k.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } kind)
            {
                output.Write(ExplainWriter.ToText(kind));
                return ExitCodes.Pass;
            }

            string[] known = [.. RuleCatalog.All.SelectMany(r => new[] { r.Name, r.Code }), .. InputErrorKind.All.Select(k => k.Code)];
            parse.InvocationConfiguration.Error.WriteLine(
                $"error {InputErrorKind.InvalidArgument.Code}: no rule is called '{name}'{(Suggestions.DidYouMean(name, known) is { Length: > 0 } suggestion ? suggestion : ".")} Run 'gate explain' for the list.");
            return ExitCodes.NotEvaluated;
        });
        return command;
    }
}
