using System.CommandLine;
using System.CommandLine.Parsing;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;

namespace Gate.Cli.Commands;

/// <summary>One requested report: a format and where it goes (null: standard output).</summary>
internal sealed record ReportTarget(ReportFormat Format, string? Path)
{
    /// <summary>
    /// Pairs each <c>--output</c> with the <c>--format</c> before it, in command-line order, so
    /// <c>--format json --output r.json --format text</c> means what it says. An <c>--output</c>
    /// with no format before it takes the format its extension names.
    /// </summary>
    public static IReadOnlyList<ReportTarget> FromTokens(ParseResult parse, Option format, Option output)
    {
        var targets = new List<ReportTarget>();
        IReadOnlyList<Token> tokens = parse.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            Token token = tokens[i];
            if (token.Type != TokenType.Option || i + 1 >= tokens.Count || tokens[i + 1].Type != TokenType.Argument)
            {
                continue;
            }

            string value = tokens[i + 1].Value;
            if (Is(token, format))
            {
                targets.Add(new ReportTarget(ReportFormats.Parse(value), null));
            }
            else if (Is(token, output))
            {
                if (targets.Count > 0 && targets[^1].Path is null)
                {
                    targets[^1] = targets[^1] with { Path = value };
                }
                else
                {
                    targets.Add(new ReportTarget(ReportFormats.FromExtension(value), value));
                }
            }
        }

        if (targets.Count == 0)
        {
            targets.Add(new ReportTarget(ReportFormat.Text, null));
        }

        if (targets.Count(t => t.Path is null) > 1)
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidArgument,
                "only one report can go to standard output; give the others an --output FILE", null));
        }

        var duplicate = targets.Where(t => t.Path is not null).GroupBy(t => System.IO.Path.GetFullPath(t.Path!)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidArgument, $"two reports would be written to {duplicate.First().Path}", null));
        }

        return targets;
    }

    private static bool Is(Token token, Option option) => option.Name == token.Value || option.Aliases.Contains(token.Value);
}
