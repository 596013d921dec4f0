namespace Gate.Tests.Shared;

/// <summary>Paths in Gate's source tree (the folder holding Gate.sln above the test binaries), for every test project.</summary>
internal static class SourceTree
{
    public static string Root { get; } = Find();

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    /// <summary>
    /// Copies a file, or a folder's files without build output (any <c>bin</c> or <c>obj</c>
    /// folder) and without the relative paths <paramref name="except"/> names.
    /// </summary>
    public static void Copy(string source, string target, Func<string, bool>? except = null)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            return;
        }

        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj") || except?.Invoke(relative) == true)
            {
                continue;
            }

            string destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gate.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Gate.sln not found above " + AppContext.BaseDirectory);
    }
}
