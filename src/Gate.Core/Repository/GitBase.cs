using System.Diagnostics;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;

namespace Gate.Core.Repository;

/// <summary>
/// What a base commit holds, read through git (<c>gate check --base REF</c>): the commit REF names,
/// and the gate.lock.json committed there for the checked folder. The clone is the one whose
/// <c>.git</c> is nearest above the checked folder, found by path (a pull request cannot commit a
/// <c>.git</c>), and git is pinned to it (<c>--git-dir</c>, <c>--work-tree</c>): a folder of the
/// pull request's that looks like a bare repository, its refs and replace objects, are never read.
/// The folder's place in the clone is its path, not where a link leads. Git runs with no pager,
/// no prompt and no replace objects; REF is passed after <c>--end-of-options</c>, so no value can
/// become an option.
/// </summary>
internal static class GitBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The commit <paramref name="reference"/> names, and the lock committed there (null when the base has none).</summary>
    public static (string Commit, LockFile? Lock) ReadLock(string checkedFolder, string reference)
    {
        string folder = Path.GetFullPath(checkedFolder);
        string clone = CloneAbove(folder) ?? throw Problem(reference, "the checked folder is not inside a git clone");
        string prefix = Path.GetRelativePath(clone, folder).Replace(Path.DirectorySeparatorChar, '/');
        prefix = prefix == "." ? string.Empty : prefix + "/";
        string checkedFolderForGit = clone;
        var (code, commit) = Run(checkedFolderForGit, reference, "rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}");
        commit = commit.Trim();
        if (code != 0 || commit.Length is not (40 or 64) || !commit.All(char.IsAsciiHexDigit))
        {
            throw Problem(reference, "git knows no commit by that name here (fetch it first: a shallow checkout has only the pull request's head; actions/checkout with fetch-depth: 0)");
        }

        string path = prefix + LockFile.FileName;
        if (Run(checkedFolderForGit, reference, "cat-file", "-e", $"{commit}:{path}").ExitCode != 0)
        {
            return (commit, null);
        }

        byte[] bytes = RunBytes(checkedFolderForGit, reference, "cat-file", "blob", $"{commit}:{path}");
        try
        {
            return (commit, LockFileReader.Read(bytes, $"{LockFile.FileName} at {commit[..12]}"));
        }
        catch (GateInputException ex)
        {
            throw Problem(reference, $"the lock committed there cannot be read ({string.Join("; ", ex.Errors.Select(e => e.Message))})");
        }
    }

    /// <summary>The nearest folder at or above <paramref name="folder"/> holding <c>.git</c> (a folder, or a file as in a worktree or submodule).</summary>
    private static string? CloneAbove(string folder)
    {
        for (string? current = folder; current is not null; current = Path.GetDirectoryName(current))
        {
            string dotGit = Path.Combine(current, ".git");
            if (Directory.Exists(dotGit) || File.Exists(dotGit))
            {
                return current;
            }
        }

        return null;
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
        foreach (string argument in new[] { "--git-dir=" + Path.Combine(folder, ".git"), "--work-tree=" + folder, "-c", "safe.bareRepository=explicit" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GIT_NO_REPLACE_OBJECTS"] = "1";
        foreach (string inherited in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CEILING_DIRECTORIES", "GIT_REPLACE_REF_BASE", "GIT_NAMESPACE" })
        {
            start.Environment.Remove(inherited); // the clone is the one found above, whatever the environment says
        }
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
