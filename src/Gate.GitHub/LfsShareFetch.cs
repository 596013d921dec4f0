using System.Diagnostics;

namespace Gate.GitHub;

/// <summary>
/// Before a shard scans, fetches the Git LFS objects of its share and of nothing else
/// (<c>git lfs pull --include</c>, in batches that keep each argument short), so a matrix of N
/// shards downloads each object once. A path that a Git LFS pattern cannot name exactly (one
/// holding <c>, * ? [ ] \ !</c> or <c>#</c>, or blanks at its ends) cannot be fetched this way; the
/// runner then checks that no file of the share is still a pointer, and any that is stops the
/// shard (a pointer has no records, so the content rules would not see it).
/// </summary>
internal static class LfsShareFetch
{
    private static readonly char[] PatternCharacters = [',', '*', '?', '[', ']', '\\', '!', '#'];

    /// <summary>The share's files the patterns can name, as paths below the repository's root; the others, for a warning.</summary>
    public static (IReadOnlyList<string> Fetched, IReadOnlyList<string> Unnamed) Split(IEnumerable<string> share, string folderInRepository)
    {
        var fetched = new List<string>();
        var unnamed = new List<string>();
        foreach (string file in share)
        {
            string inRepository = folderInRepository is "." or "" ? file : $"{folderInRepository}/{file}";
            (inRepository.IndexOfAny(PatternCharacters) >= 0 || inRepository.Trim() != inRepository ? unnamed : fetched).Add(inRepository);
        }

        return (fetched, unnamed);
    }

    /// <summary>Each batch's include list stays under this many characters (Linux caps one argument at 128 KiB).</summary>
    private const int MaxIncludeChars = 32 * 1024;

    /// <summary>The paths in batches whose comma-joined list stays under <see cref="MaxIncludeChars"/>, in order.</summary>
    public static IEnumerable<IReadOnlyList<string>> Batches(IReadOnlyList<string> paths)
    {
        var batch = new List<string>();
        int length = 0;
        foreach (string path in paths)
        {
            if (batch.Count > 0 && length + 1 + path.Length > MaxIncludeChars)
            {
                yield return batch;
                batch = [];
                length = 0;
            }

            batch.Add(path);
            length += path.Length + 1;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Runs <c>git lfs pull --include=…</c> in <paramref name="repository"/>; returns its exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Pull(string repository, IReadOnlyList<string> paths, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "lfs", "pull", "--include=" + string.Join(',', paths), "--exclude=" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "git lfs pull did not finish in time");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
