using System.CommandLine;
using Gate.Core.Diagnostics;
using Gate.Core.Reports;

namespace Gate.Cli;

/// <summary>
/// Parses and runs a command with Gate's exit codes: a usage error is 2 (System.CommandLine's own
/// default is 1, which would read as "findings"), an input error is 2 with its GATE1xx lines, an
/// I/O error is 2 with GATE107 (as in every host: <see cref="InputError.FromException"/>), and an
/// unexpected failure is 2 with GATE199 — never a stack trace, never 0.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Command current = parse.CommandResult.Command;
            string[] commands = [.. current.Subcommands.Select(c => c.Name)];
            string[] options = [.. current.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal))];
            foreach (var parseError in parse.Errors)
            {
                // "No command given" beside a mistyped one says the same thing again, less helpfully.
                if (parse.Errors.Count > 1 && parseError.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
                {
                    continue;
                }

                // "did you mean" for a mistyped command or option, as the policy loader does for keys.
                string hint = System.Text.RegularExpressions.Regex.Match(parseError.Message, "'(?<token>[^']+)'") is { Success: true } quoted
                    && quoted.Groups["token"].Value is { Length: >= 3 } token
                    && !options.Contains(token) && !commands.Contains(token) // a known name given wrongly (an option without its value) is no typo
                    ? Gate.Core.Yaml.Suggestions.DidYouMean(token, token.StartsWith('-') ? options : commands)
                    : string.Empty;
                // The parser lists allowed values one per line, indented: one line here, so nothing is shown escaped.
                string message = parseError.Message.Replace(":\n\t", ": ", StringComparison.Ordinal).Replace("\n\t", ", ", StringComparison.Ordinal);
                await error.WriteLineAsync(VisibleText.Escape($"error {InputErrorKind.InvalidArgument.Code}: {message.TrimEnd('.')}{hint}"));
            }

            string command = string.Join(' ', parse.CommandResult.Command.Name == root.Name ? ["gate"] : new[] { "gate", parse.CommandResult.Command.Name });
            await error.WriteLineAsync($"Run '{command} --help' for usage.");
            return ExitCodes.NotEvaluated;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("gate: cancelled; nothing was written.");
            return ExitCodes.NotEvaluated;
        }
#pragma warning disable CA1031 // Fail closed: bad input and any unexpected failure must be exit 2, never a pass or a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteAsync(WorkflowLog.Inert(string.Concat(InputError.ErrorsOf(ex).Select(e => e + "\n"))));

            return ExitCodes.NotEvaluated;
        }
    }
}
