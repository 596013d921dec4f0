using System.Diagnostics;
using System.Text;

namespace Gate.MSBuild.Tests.EndToEnd;

/// <summary>What a <c>dotnet</c> command did: its exit code and everything it printed.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"$ {Command}\nexit code {ExitCode}\n{Output}";
}

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process with a clean environment: no inherited MSBuild*
/// variables (the test host's would point the child at the wrong MSBuild), no node reuse, no
/// build server, English messages, and the given package folder.
/// </summary>
internal static class DotnetProcess
{
    public static CommandResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start("dotnet", workingDirectory, environment, arguments, TimeSpan.FromMinutes(3));

    /// <summary>
    /// Runs <paramref name="program"/> in the same clean environment (a shell script of dotnet commands,
    /// say), with every NuGet setting of the test host removed too when <paramref name="freshNuGet"/>.
    /// </summary>
    public static CommandResult Start(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, TimeSpan timeout, bool freshNuGet = false)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || (freshNuGet && key.StartsWith("NUGET", StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout.TotalMinutes:0} minutes:\n{output}");
        }

        process.WaitForExit(); // drains the output events
        lock (output)
        {
            return new CommandResult($"{program} {string.Join(' ', arguments)}", process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
