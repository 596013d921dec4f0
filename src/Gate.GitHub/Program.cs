using Gate.Core.Diagnostics;
using Gate.Core.Reports;
using Gate.GitHub;

// The GitHub Action's host (see action.yml): settings from INPUT_* and GITHUB_* variables.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    ActionSettings settings = ActionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    return await new ActionRunner(settings, Console.Out).RunAsync(cancellation.Token);
}
catch (GateInputException ex)
{
    Console.Out.Write(GitHubCommandsWriter.WriteInputErrors(ex.Errors));

    return 2;
}
#pragma warning disable CA1031 // Fail closed: an unexpected failure is a failed step, never a pass.
catch (Exception ex)
#pragma warning restore CA1031
{
    Console.Out.Write(GitHubCommandsWriter.WriteInputErrors([InputError.FromException(ex)]));
    return 2;
}
