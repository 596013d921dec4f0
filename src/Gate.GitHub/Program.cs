using Gate.Core.Diagnostics;
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
    foreach (InputError error in ex.Errors)
    {
        Console.Out.WriteLine($"::error title={error.Code}::{error.Message}");
    }

    return 2;
}
#pragma warning disable CA1031 // Fail closed: an unexpected failure is a failed step, never a pass.
catch (Exception ex)
#pragma warning restore CA1031
{
    Console.Out.WriteLine($"::error title={InputErrorKind.InternalError.Code}::Gate failed unexpectedly ({ex.GetType().Name}: {ex.Message}); the input was not evaluated");
    return 2;
}
