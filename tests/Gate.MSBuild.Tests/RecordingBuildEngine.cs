using System.Collections;
using Microsoft.Build.Framework;

namespace Gate.MSBuild.Tests;

/// <summary>An <see cref="IBuildEngine"/> that keeps every event a task logs, for assertions.</summary>
internal sealed class RecordingBuildEngine : IBuildEngine
{
    private readonly object _gate = new();

    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "data.proj";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException();

    public void LogCustomEvent(CustomBuildEventArgs e) { }

    public void LogErrorEvent(BuildErrorEventArgs e)
    {
        lock (_gate)
        {
            Errors.Add(e);
        }
    }

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        lock (_gate)
        {
            Messages.Add(e);
        }
    }

    public void LogWarningEvent(BuildWarningEventArgs e)
    {
        lock (_gate)
        {
            Warnings.Add(e);
        }
    }

    /// <summary>Forgets every event, for a test that runs the task again.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Errors.Clear();
            Warnings.Clear();
            Messages.Clear();
        }
    }

    /// <summary>Every event as the console logger would print it, for failure messages.</summary>
    public override string ToString() => string.Join('\n',
        Errors.Select(e => $"{e.File}({e.LineNumber},{e.ColumnNumber}): {e.Subcategory} error {e.Code}: {e.Message}")
            .Concat(Warnings.Select(e => $"{e.File}({e.LineNumber},{e.ColumnNumber}): {e.Subcategory} warning {e.Code}: {e.Message}"))
            .Concat(Messages.Select(e => $"[{e.Importance}] {e.Code} {e.Message}")));
}
