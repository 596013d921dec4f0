using Gate.Core.Diagnostics;

namespace Gate.Core.IO;

/// <summary>
/// Refuses to write a report over a file the run reads. A mistyped <c>--output</c> (or a report
/// path in a workflow) that names a dataset, a manifest, the policy or the lock would otherwise
/// replace it with a report, and the next run would judge the report instead of the data.
/// </summary>
internal static class OutputGuard
{
    /// <summary>GATE110 for every output that is one of the workspace's inputs, followed through links as writing it would be.</summary>
    public static void EnsureNoneIsInput(GateWorkspace workspace, IReadOnlyList<string> outputs)
    {
        if (outputs.Count == 0)
        {
            return;
        }

        var inputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (string relative in workspace.InputFiles)
        {
            string full = Path.IsPathRooted(relative) ? relative : workspace.Root.ToFullPath(relative);
            inputs.Add(WrittenAt(full));
            if (RealPath(full) is { } real)
            {
                inputs.Add(real);
            }
        }

        var errors = new InputErrorSink();
        foreach (string output in outputs)
        {
            string full = Path.GetFullPath(output);
            if (inputs.Contains(WrittenAt(full)) || (RealPath(full) is { } real && inputs.Contains(real)))
            {
                errors.Add(InputErrorKind.InvalidArgument,
                    $"the output would be written to '{output}', which is a file Gate reads for this run (data, a manifest, evidence, a model card, the policy or the lock); choose another path",
                    null);
            }
        }

        errors.ThrowIfAny();
    }

    /// <summary>
    /// GATE110 when <paramref name="output"/> lies inside the checked folder, by its path or where the
    /// links of its folder lead: <paramref name="what"/> written there could be read back (<paramref name="why"/>).
    /// </summary>
    public static void EnsureOutside(GateWorkspace workspace, string output, string what, string why)
    {
        string full = Path.GetFullPath(output);
        string? folder = RealPath(Path.GetDirectoryName(full)!);
        string? root = RealPath(workspace.Root.FullPath);
        if (workspace.Root.ToRelative(full) is not null
            || (folder is not null && root is not null && (folder == root || folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))))
        {
            throw new GateInputException(new InputError(InputErrorKind.InvalidArgument,
                $"{what} would be written to '{output}', inside the checked folder, where {why}; write it outside (for example to $RUNNER_TEMP)", null));
        }
    }

    /// <summary>Where a write to <paramref name="fullPath"/> lands: its folder with links followed, and its name (a link there is replaced, not followed).</summary>
    private static string WrittenAt(string fullPath) =>
        Path.Combine(RealPath(Path.GetDirectoryName(fullPath)!) ?? Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath));

    private static string? RealPath(string fullPath) => Repository.RepositoryRoot.RealPathOrNull(fullPath);
}
