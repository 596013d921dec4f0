using System.Diagnostics;

namespace Gate.Cli.Tests;

/// <summary>Runs the real <c>gate</c> executable as a separate process, as a user or CI would.</summary>
internal static class GateProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static string RepositoryRoot => SourceTree.Root;

    public static string Examples => Path.Combine(RepositoryRoot, "examples");

    /// <summary>gate.dll of the same configuration as this test assembly (the project reference builds it first).</summary>
    private static string GateDll
    {
        get
        {
            // tests/Gate.Cli.Tests/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = tfm.Parent!.Name;
            string dll = Path.Combine(RepositoryRoot, "src", "Gate.Cli", "bin", configuration, tfm.Name, "gate.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Gate.Cli first", dll);
        }
    }

    public static Result RunIn(string workingDirectory, params string[] args) => RunWith(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (e.g. <c>LANG</c> for another culture).</summary>
    public static Result RunWith(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWithin(TimeSpan.FromSeconds(60), workingDirectory, environment, args);

    /// <summary>Runs from the repository root, killed and failed as a <see cref="TimeoutException"/> after <paramref name="timeout"/> (for input that could hang it).</summary>
    public static Result RunWithin(TimeSpan timeout, params string[] args) => RunWithin(timeout, RepositoryRoot, new Dictionary<string, string>(), args);

    private static Result RunWithin(TimeSpan timeout, string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(GateDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (string name in (string[])["HF_ENDPOINT", "HF_TOKEN", "HF_HUB_OFFLINE"])
        {
            start.Environment.Remove(name); // the machine's Hugging Face settings never reach a test's gate
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gate {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:0} s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(params string[] args) => RunIn(RepositoryRoot, args);

    /// <summary>Starts gate without waiting (for tests that interrupt it); output is discarded.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(GateDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
