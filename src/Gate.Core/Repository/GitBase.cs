using System.Diagnostics;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;

namespace Gate.Core.Repository;

/// <summary>
/// What a base commit holds, read through git (<c>gate check --base REF</c>): the commit REF names,
/// and the gate.lock.json committed there for the checked folder. Git runs with no pager, no
/// prompt and no configuration from the environment's templates; REF is passed after
/// <c>--end-of-options</c>, so no value can become an option.
/// </summary>
internal static class GitBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The commit <paramref name="reference"/> names, and the lock committed there (null when the base has none).</summary>
    public static (string Commit, LockFile? Lock) ReadLock(string checkedFolder, string reference)
    {
        var (inside, prefixOutput) = Run(checkedFolder, reference, "rev-parse", "--show-prefix");
        if (inside != 0)
        {
            throw Problem(reference, "the checked folder is not inside a git clone");
        }

        string prefix = prefixOutput.TrimEnd('\n');
        var (code, commit) = Run(checkedFolder, reference, "rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}");
        commit = commit.Trim();
        if (code != 0 || commit.Length is not (40 or 64) || !commit.All(char.IsAsciiHexDigit))
        {
            throw Problem(reference, "git knows no commit by that name here (fetch it first: a shallow checkout has only the pull request's head; actions/checkout with fetch-depth: 0)");
        }

        string path = prefix + LockFile.FileName;
        if (Run(checkedFolder, reference, "cat-file", "-e", $"{commit}:{path}").ExitCode != 0)
        {
            return (commit, null);
        }

        byte[] bytes = RunBytes(checkedFolder, reference, "cat-file", "blob", $"{commit}:{path}");
        try
        {
            return (commit, LockFileReader.Read(bytes, $"{LockFile.FileName} at {commit[..12]}"));
        }
        catch (GateInputException ex)
        {
            throw Problem(reference, $"the lock committed there cannot be read ({string.Join("; ", ex.Errors.Select(e => e.Message))})");
        }
    }

    private static GateInputException Problem(string reference, string why) =>
        new(new InputError(InputErrorKind.InvalidArgument, $"--base {reference}: {why}", null));

    private static (int ExitCode, string Output) Run(string folder, string reference, params string[] arguments)
    {
        byte[] output = RunBytes(folder, reference, out int code, arguments);
        return (code, System.Text.Encoding.UTF8.GetString(output));
    }

    private static byte[] RunBytes(string folder, string reference, params string[] arguments)
    {
        byte[] output = RunBytes(folder, reference, out int code, arguments);
        return code == 0 ? output : throw Problem(reference, $"'git {arguments[0]}' exited {code}");
    }

    private static byte[] RunBytes(string folder, string reference, out int exitCode, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw Problem(reference, $"git could not be run ({ex.Message}); --base needs git and a clone of the repository");
        }

        using (process)
        {
            using var buffer = new MemoryStream();
            Task copy = process.StandardOutput.BaseStream.CopyToAsync(buffer);
            Task<string> errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw Problem(reference, $"'git {arguments[0]}' did not finish in {Timeout.TotalMinutes} minutes");
            }

            copy.Wait();
            _ = errors.Result;
            exitCode = process.ExitCode;
            return buffer.ToArray();
        }
    }
}
