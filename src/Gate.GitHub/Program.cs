using Gate.Core.Diagnostics;
using Gate.GitHub;

// The GitHub Action's host (see action.yml): settings from INPUT_* and GITHUB_* variables. Whatever
// fails before a verdict — an action input, the host itself — still sets verdict=error and writes a
// job summary (NotEvaluated), read from the runner's variables directly since the settings may be
// what failed.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    ActionSettings settings = ActionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    return await new ActionRunner(settings, Console.Out).RunAsync(cancellation.Token);
}
#pragma warning disable CA1031 // Fail closed: bad input or an unexpected failure is a failed step with verdict=error, never a pass.
catch (Exception ex)
#pragma warning restore CA1031
{
    return NotEvaluated.Report(Console.Out, RunnerFile("GITHUB_OUTPUT"), RunnerFile("GITHUB_STEP_SUMMARY"), InputError.ErrorsOf(ex));
}

static string? RunnerFile(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } path ? path.Trim() : null;
