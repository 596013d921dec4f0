using System.Diagnostics;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;

namespace Gate.Core.Repository;

/// <summary>
/// What a base commit holds, read through git (<c>gate check --base REF</c>): the commit REF names,
/// the gate.lock.json committed there for the checked folder, its files, and which paths the
/// working tree changes against it. The clone is the one whose
/// <c>.git</c> is nearest above the checked folder, found by path (a pull request cannot commit a
/// <c>.git</c>), and git is pinned to it (<c>--git-dir</c>, <c>--work-tree</c>): a folder of the
/// pull request's that looks like a bare repository, its refs and replace objects, are never read.
/// The folder's place in the clone is its path, not where a link leads. Git runs with no pager,
/// no prompt and no replace objects; REF is passed after <c>--end-of-options</c>, so no value can
/// become an option.
/// </summary>
internal sealed class GitBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _clone;
    private readonly string _prefix;
    private readonly string _reference;

    // git's account of the working tree, read once per run: taking datasets from the lock and marking
    // findings both ask it, and nothing the check does in between changes the checkout.
    private IReadOnlySet<string>? _changedPaths;
    private bool? _changesCheckoutRules;
    private (IReadOnlySet<string> Tracked, string? Doubt)? _index;

    private GitBase(string clone, string prefix, string reference, string commit)
    {
        _clone = clone;
        _prefix = prefix;
        _reference = reference;
        Commit = commit;
    }

    /// <summary>The clone's folder (its working tree).</summary>
    public string Clone => _clone;

    /// <summary>The commit the base names (40 or 64 hex digits).</summary>
    public string Commit { get; }

    /// <summary>The base <paramref name="reference"/> names, for the clone holding <paramref name="checkedFolder"/>.</summary>
    public static GitBase Open(string checkedFolder, string reference)
    {
        string folder = Path.GetFullPath(checkedFolder);
        string clone = CloneAbove(folder) ?? throw Problem(reference, "the checked folder is not inside a git clone");
        string prefix = Path.GetRelativePath(clone, folder).Replace(Path.DirectorySeparatorChar, '/');
        prefix = prefix == "." ? string.Empty : prefix + "/";
        var (code, commit) = Run(clone, reference, "rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}");
        commit = commit.Trim();
        if (code != 0 || commit.Length is not (40 or 64) || !commit.All(char.IsAsciiHexDigit))
        {
            throw Problem(reference, "git knows no commit by that name here (fetch it first: a shallow checkout has only the pull request's head; actions/checkout with fetch-depth: 0)");
        }

        if (AmbiguousAs(clone, reference) is { } refs)
        {
            // A tag named like the branch (refs/tags/origin/main) wins over it: whoever can push a tag could pick the base.
            throw Problem(reference, $"the name is ambiguous here ({refs}): name the base by its full ref or its commit");
        }

        return new GitBase(clone, prefix, reference, commit);
    }

    /// <summary>The refs a short name could mean, as git tries them, when more than one exists; null otherwise.</summary>
    private static string? AmbiguousAs(string clone, string reference)
    {
        // A full object id is taken as the object, whatever refs are named like it; a shorter hex name is looked up as refs are.
        if (reference.StartsWith("refs/", StringComparison.Ordinal) || (reference.Length is 40 or 64 && reference.All(char.IsAsciiHexDigit)))
        {
            return null;
        }

        var refs = Run(clone, reference, "for-each-ref", "--format=%(refname)").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        string[] meant = [.. new[] { $"refs/{reference}", $"refs/tags/{reference}", $"refs/heads/{reference}", $"refs/remotes/{reference}", $"refs/remotes/{reference}/HEAD" }
            .Where(refs.Contains)];
        return meant.Length > 1 ? PathText.Cut(string.Join(", ", meant)) : null;
    }

    /// <summary>The lock committed at the base for the checked folder (null when the base has none).</summary>
    public LockFile? ReadLock()
    {
        byte[]? bytes = ReadFile(_prefix + LockFile.FileName);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return LockFileReader.Read(bytes, $"{LockFile.FileName} at {Commit[..12]}");
        }
        catch (GateInputException ex)
        {
            throw Problem(_reference, $"the lock committed there cannot be read ({string.Join("; ", ex.Errors.Select(e => e.Message))})");
        }
    }

    /// <summary>A file's bytes at the base, by its path in the clone ('/'-separated); null when the base has no such file.</summary>
    public byte[]? ReadFile(string pathInClone) =>
        Run(_clone, _reference, "cat-file", "-e", $"{Commit}:{pathInClone}").ExitCode != 0
            ? null
            : RunBytes(_clone, _reference, "cat-file", "blob", $"{Commit}:{pathInClone}");

    /// <summary>Where <paramref name="fullPath"/> is in the clone ('/'-separated), or null when it is outside it.</summary>
    public string? PathInClone(string fullPath)
    {
        string relative = Path.GetRelativePath(_clone, Path.GetFullPath(fullPath));
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The paths below the checked folder (relative to it, '/'-separated) whose content differs
    /// between the base and the working tree, as git compares them: a file added, removed or
    /// edited, and every file git does not track, ignored or not.
    /// </summary>
    public IReadOnlySet<string> ChangedPaths() => _changedPaths ??= ReadChangedPaths();

    private IReadOnlySet<string> ReadChangedPaths()
    {
        string pathspec = _prefix.Length == 0 ? "." : _prefix.TrimEnd('/');
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (byte[] output in new[]
        {
            RunBytes(_clone, _reference, "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--ignore-submodules=none", Commit, "--", pathspec),
            RunBytes(_clone, _reference, "ls-files", "--others", "--full-name", "-z", "--", pathspec),
        })
        {
            foreach (string path in System.Text.Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                changed.Add(path.StartsWith(_prefix, StringComparison.Ordinal) ? path[_prefix.Length..] : path);
            }
        }

        return changed;
    }

    /// <summary>
    /// Whether the change edits (or adds, tracked or not), anywhere in the clone, a file that changes how git writes files
    /// out or which commit a submodule holds (<c>.gitattributes</c>: line endings, <c>ident</c>,
    /// encodings, filters; <c>.gitmodules</c>; <c>.lfsconfig</c>): then a file git calls unchanged
    /// may hold other bytes than at the base.
    /// </summary>
    public bool ChangesCheckoutRules() => _changesCheckoutRules ??= ReadChangesCheckoutRules();

    private bool ReadChangesCheckoutRules()
    {
        // Tracked changes, and files git does not track (ignored or not): an untracked .gitattributes applies as well.
        return new[]
        {
            RunBytes(_clone, _reference, "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--ignore-submodules=none", Commit),
            RunBytes(_clone, _reference, "ls-files", "--others", "-z"),
        }.Any(output => System.Text.Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Any(path => path.Split('/')[^1] is ".gitattributes" or ".gitmodules" or ".lfsconfig"));
    }

    /// <summary>
    /// The files below the checked folder that git's index tracks (relative to the folder), and why
    /// git's account of the working tree cannot be taken as complete: a file the index marks
    /// assume-unchanged or skip-worktree (git does not compare it), or a submodule (git does not
    /// compare the files in it); null when neither.
    /// </summary>
    public (IReadOnlySet<string> Tracked, string? Doubt) Index() => _index ??= ReadIndex();

    private (IReadOnlySet<string> Tracked, string? Doubt) ReadIndex()
    {
        byte[] output = RunBytes(_clone, _reference, "ls-files", "-v", "-s", "-z", "--full-name", "--", _prefix.Length == 0 ? "." : _prefix.TrimEnd('/'));
        var tracked = new HashSet<string>(StringComparer.Ordinal);
        string? doubt = null;
        foreach (string entry in System.Text.Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<tag> <mode> <object> <stage>\t<path>": a lowercase tag is assume-unchanged, 'S' skip-worktree.
            int tab = entry.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || entry.Length < 2)
            {
                throw Problem(_reference, "'git ls-files' gave a line Gate cannot read");
            }

            string path = entry[(tab + 1)..];
            path = path.StartsWith(_prefix, StringComparison.Ordinal) ? path[_prefix.Length..] : path;
            tracked.Add(path);
            string shown = PathText.Cut(path);
            if (char.IsAsciiLetterLower(entry[0]) || entry[0] == 'S')
            {
                doubt ??= $"git's index marks '{shown}' assume-unchanged or skip-worktree, so git does not compare it with the checkout";
            }
            else if (entry.AsSpan(2).StartsWith("160000 "))
            {
                doubt ??= $"'{shown}' is a submodule, whose files git does not compare here";
            }
        }

        return (tracked, doubt);
    }

    /// <summary>
    /// The object ids git gives the working tree's files at <paramref name="paths"/> (below the checked
    /// folder), through the same clean filters <c>git add</c> applies: what each would be if committed.
    /// </summary>
    public IReadOnlyList<string> HashWorkingFiles(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return [];
        }

        if (paths.FirstOrDefault(p => p.Contains('\n') || p.Contains('\r')) is { } odd)
        {
            throw Problem(_reference, $"a path with a line break ('{odd.ReplaceLineEndings(" ")}') cannot be handed to 'git hash-object'");
        }

        // Quoted as git quotes a path, so a name that starts with a quote is not read as one quoted.
        var (exitCode, output) = RunWithInput(["hash-object", "--stdin-paths"], paths.Select(path =>
            "\"" + (_prefix + path).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"\n"));
        string[] ids = System.Text.Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return exitCode == 0 && ids.Length == paths.Count
            ? ids
            : throw Problem(_reference, $"'git hash-object' exited {exitCode} for the checkout's files");
    }

    /// <summary>
    /// The first of <paramref name="paths"/> (below the checked folder) that git writes out through a
    /// filter, <c>ident</c> or an encoding (so its object is not what a checkout holds); null when none.
    /// Read from the working tree's attributes, which must be the base's (<see cref="ChangesCheckoutRules"/>).
    /// </summary>
    public string? FilteredPath(IEnumerable<string> paths)
    {
        string[] asked = [.. paths];
        if (asked.Length == 0)
        {
            return null;
        }

        var (exitCode, output) = RunWithInput(["check-attr", "-z", "--stdin", "filter", "ident", "working-tree-encoding"], asked.Select(path => _prefix + path + "\0"));
        if (exitCode != 0)
        {
            throw Problem(_reference, $"'git check-attr' exited {exitCode}");
        }

        // "<path> NUL <attribute> NUL <value> NUL", three per path.
        string[] fields = System.Text.Encoding.UTF8.GetString(output).Split('\0');
        for (int i = 0; i + 2 < fields.Length; i += 3)
        {
            if (fields[i + 2] is not ("unspecified" or "unset"))
            {
                return fields[i].StartsWith(_prefix, StringComparison.Ordinal) ? fields[i][_prefix.Length..] : fields[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The checked folder's files at the base: path below the checked folder, object id and size.
    /// A link, a submodule, or a path that could leave the folder when written out ('..', '.git' in
    /// any case, an empty component, a backslash), is refused: Gate reads through links and into
    /// submodules in a checkout, so a base written out without them would not be the base.
    /// </summary>
    public IReadOnlyList<(string Path, string ObjectId, long Size)> Files()
    {
        byte[] output = RunBytes(_clone, _reference, "ls-tree", "-r", "-z", "--long", "--full-tree", Commit, "--", _prefix.Length == 0 ? "." : _prefix.TrimEnd('/'));
        var files = new List<(string, string, long)>();
        foreach (string entry in System.Text.Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
            int tab = entry.IndexOf('\t', StringComparison.Ordinal);
            string[] head = entry[..Math.Max(tab, 0)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tab < 0 || head.Length != 4 || !entry[(tab + 1)..].StartsWith(_prefix, StringComparison.Ordinal))
            {
                throw Problem(_reference, "'git ls-tree' gave a line Gate cannot read");
            }

            string path = entry[(tab + 1 + _prefix.Length)..];
            if (head[0] == "120000")
            {
                throw Problem(_reference, $"the base holds a link ('{path}'), which Gate does not write out");
            }

            if (head[0] == "160000")
            {
                throw Problem(_reference, $"the base holds a submodule ('{path}'), whose files Gate reads in a checkout but git does not write out here");
            }

            if (head[0] is not ("100644" or "100755") || head[1] != "blob")
            {
                continue;
            }

            if (path.Split('/').Any(part => part is "" or "." or ".." || part.Equals(".git", StringComparison.OrdinalIgnoreCase) || part.Contains('\\')))
            {
                throw Problem(_reference, $"the base holds a path Gate will not write out ('{path}')");
            }

            if (!long.TryParse(head[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long size))
            {
                throw Problem(_reference, $"git cannot read the object of '{path}' at the base");
            }

            files.Add((path, head[2], size));
        }

        return files;
    }

    /// <summary>Streams the blobs <paramref name="objectIds"/> (in order) to <paramref name="write"/> (index, stream, size): one git process for all.</summary>
    public void ReadBlobs(IReadOnlyList<string> objectIds, Action<int, Stream, long> write)
    {
        if (objectIds.Count == 0)
        {
            return;
        }

        ProcessStartInfo start = StartInfo(_clone, ["cat-file", "--batch"]);
        start.RedirectStandardInput = true;
        using Process process = Start(start, _reference);
        Task feed = Task.Run(() =>
        {
            using StreamWriter input = process.StandardInput;
            input.NewLine = "\n";
            foreach (string id in objectIds)
            {
                input.WriteLine(id);
            }
        });
        Task<string> errors = process.StandardError.ReadToEndAsync();
        Stream output = process.StandardOutput.BaseStream;
        try
        {
            for (int i = 0; i < objectIds.Count; i++)
            {
                // "<object> blob <size>\n<content>\n"
                string header = ReadLine(output);
                string[] parts = header.Split(' ');
                if (parts.Length != 3 || parts[1] != "blob" || !long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long size))
                {
                    throw Problem(_reference, $"'git cat-file' could not read an object of the base ({header})");
                }

                write(i, output, size);
                if (output.ReadByte() != '\n')
                {
                    throw Problem(_reference, "'git cat-file' gave an object Gate cannot read");
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Fed(feed, "cat-file");
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
        }

        _ = errors.Result;
    }

    /// <summary>Runs git with <paramref name="input"/> (each item UTF-8) on its standard input; returns its exit code and output.</summary>
    private (int ExitCode, byte[] Output) RunWithInput(string[] arguments, IEnumerable<string> input)
    {
        ProcessStartInfo start = StartInfo(_clone, arguments);
        start.RedirectStandardInput = true;
        using Process process = Start(start, _reference);
        Task feed = Task.Run(() =>
        {
            using Stream stdin = process.StandardInput.BaseStream;
            foreach (string item in input)
            {
                stdin.Write(System.Text.Encoding.UTF8.GetBytes(item));
            }
        });
        using var buffer = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(buffer);
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw Problem(_reference, $"'git {arguments[0]}' did not finish in time");
        }

        Fed(feed, arguments[0]);
        copy.Wait();
        _ = errors.Result;
        return (process.ExitCode, buffer.ToArray());
    }

    /// <summary>Waits for what was fed to git's standard input; git stopping early (a broken pipe) is git's failure, said as such.</summary>
    private void Fed(Task feed, string command)
    {
        try
        {
            feed.Wait();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is IOException or ObjectDisposedException))
        {
            throw Problem(_reference, $"'git {command}' stopped reading its input");
        }
    }

    private static string ReadLine(Stream stream)
    {
        var line = new List<byte>(96);
        for (int b = stream.ReadByte(); b != '\n' && b >= 0 && line.Count <= 4096; b = stream.ReadByte())
        {
            line.Add((byte)b);
        }

        return System.Text.Encoding.UTF8.GetString([.. line]);
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

    /// <summary>git pinned to the clone at <paramref name="folder"/>, whatever the environment says, with no pager, prompt, replace objects or pathspec magic.</summary>
    private static ProcessStartInfo StartInfo(string folder, string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Stat checks pinned to git's defaults, no file-system monitor, no untracked cache: a clone's own config
        // could otherwise let an edit pass as unchanged.
        foreach (string argument in new[] { "--git-dir=" + Path.Combine(folder, ".git"), "--work-tree=" + folder, "-c", "safe.bareRepository=explicit", "-c", "core.checkStat=default", "-c", "core.trustctime=true", "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GIT_NO_REPLACE_OBJECTS"] = "1";
        start.Environment["GIT_LITERAL_PATHSPECS"] = "1";
        foreach (string inherited in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CEILING_DIRECTORIES", "GIT_REPLACE_REF_BASE", "GIT_NAMESPACE", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS" })
        {
            start.Environment.Remove(inherited); // the clone is the one found above, whatever the environment says
        }

        foreach (string configured in start.Environment.Keys.Where(k => k is "GIT_CONFIG_PARAMETERS" or "GIT_CONFIG_COUNT" || k.StartsWith("GIT_CONFIG_KEY_", StringComparison.Ordinal) || k.StartsWith("GIT_CONFIG_VALUE_", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(configured); // configuration passed through the environment
        }

        return start;
    }

    private static Process Start(ProcessStartInfo start, string reference)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw Problem(reference, $"git could not be run ({ex.Message}); --base needs git and a clone of the repository");
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
        using Process process = Start(StartInfo(folder, arguments), reference);
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
