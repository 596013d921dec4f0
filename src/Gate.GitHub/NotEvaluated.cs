using Gate.Core.Diagnostics;
using Gate.Core.Reports;

namespace Gate.GitHub;

/// <summary>
/// Every way the step ends without a verdict ends alike: input the gate cannot evaluate, an action
/// input it cannot use (<c>fail-on: sometimes</c>), a failure of the host itself. Annotations and the
/// error lines go to the log, a short job summary says what went wrong, the outputs say
/// <c>verdict=error</c>, and the exit code is 2, so a workflow that reads the outputs or the summary
/// sees the same thing as one that reads the exit code. (<c>action/run-gate.sh</c> does the same when
/// the host cannot be built or stops without a verdict.)
/// </summary>
internal static class NotEvaluated
{
    public static int Report(TextWriter log, string? outputFile, string? summaryFile, IReadOnlyList<InputError> errors, ReportPaths? paths = null)
    {
        log.Write(GitHubCommandsWriter.WriteInputErrors(errors, paths));
        log.Write(GitHubCommandsWriter.Inert(string.Concat(errors.Select(e => e + "\n"))));

        try
        {
            WorkflowFiles.AppendSummary(summaryFile, MarkdownReportWriter.WriteInputErrors(errors));
            WorkflowFiles.SetResult(outputFile, "error", errors.Count, warnings: 0, report: string.Empty, sarif: string.Empty);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The exit code still says it; the runner's own files are not the user's to fix.
            log.WriteLine($"::error::Gate could not write the step outputs or the job summary: {GitHubCommandsWriter.EscapeData(ex.Message)}");
        }

        return ExitCodes.NotEvaluated;
    }
}
