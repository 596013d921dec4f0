using Gate.Core.Diagnostics;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Gate.MSBuild;

/// <summary>
/// The base of Gate's tasks (after dotnet/sourcelink's task base): a sealed <see cref="Execute"/> that
/// runs the real work and turns every expected failure into a GATE1xx error at the user's file, so a
/// build never shows MSB4018 ("task failed unexpectedly") pointing at Gate's .targets file. An I/O
/// error is GATE107 and anything unexpected GATE199, as in every host (<see cref="InputError.FromException"/>);
/// both fail the build: Gate fails closed. Ctrl+C cancels the work promptly.
/// </summary>
public abstract class GateTask : MSBuildTask, ICancelableTask
{
    /// <summary>The subcategory of every diagnostic: <c>file(line,col): Gate error GATE001: …</c>.</summary>
    public const string Subcategory = "Gate";

    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Called by MSBuild on another thread when the build is cancelled.</summary>
    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore(_cancellation.Token);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.High, "Gate: cancelled; the check did not finish and nothing was cached.");
            return false;
        }
#pragma warning disable CA1031 // Fail closed: bad input is its GATE1xx, an I/O error GATE107, any unexpected failure GATE199, and a failed build, never MSB4018 and never a pass.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (InputError error in InputError.ErrorsOf(ex))
            {
                LogInputError(error);
            }
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work. Throw <see cref="GateInputException"/> for input the user must fix.</summary>
    protected abstract void ExecuteCore(CancellationToken cancellationToken);

    /// <summary>Turns a path relative to the checked folder (as Gate.Core reports it) into a full path for MSBuild.</summary>
    protected abstract string? ToFullPath(string? relativeFile);

    protected void LogInputError(InputError error) =>
        LogError(error.Code, error.Location?.File, error.Location?.Line ?? 0, error.Location?.Column ?? 0, error.Message);

    protected void LogError(string code, string? relativeFile, int line, int column, string message) =>
        Log.LogError(Subcategory, code, helpKeyword: null, ToFullPath(relativeFile), line, column, 0, 0, VisibleText.Escape(message));

    protected void LogWarning(string code, string? relativeFile, int line, int column, string message) =>
        Log.LogWarning(Subcategory, code, helpKeyword: null, ToFullPath(relativeFile), line, column, 0, 0, VisibleText.Escape(message));

    protected void LogMessage(MessageImportance importance, string code, string? relativeFile, int line, int column, string message) =>
        Log.LogMessage(Subcategory, code, helpKeyword: null, ToFullPath(relativeFile), line, column, 0, 0, importance, VisibleText.Escape(message));
}
