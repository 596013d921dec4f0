using Gate.Core.Policy;

namespace Gate.Cli;

/// <summary>
/// Where <c>gate check</c> and <c>gate lock</c> run when no folder is given: the nearest folder at
/// or above the current one that holds a <c>gate.yaml</c>, as git finds <c>.git</c>. The search
/// stops at the repository's root (a folder holding <c>.git</c>), so a policy outside the
/// repository is never picked up by accident.
/// </summary>
internal static class NearestPolicy
{
    /// <summary>The folder holding the nearest gate.yaml at or above <paramref name="start"/>; null when there is none up to the repository's root.</summary>
    public static DirectoryInfo? Find(DirectoryInfo start)
    {
        for (DirectoryInfo? folder = start; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, GatePolicy.DefaultFileName)))
            {
                return folder;
            }

            if (Directory.Exists(Path.Combine(folder.FullName, ".git")) || File.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return null;
            }
        }

        return null;
    }
}
