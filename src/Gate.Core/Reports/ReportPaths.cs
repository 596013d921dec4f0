namespace Gate.Core.Reports;

/// <summary>
/// Turns a location's path (relative to the checked folder) into the path a consumer expects:
/// GitHub wants paths relative to the repository, so a check of <c>data/</c> inside a repository
/// prefixes <c>data/</c>. The default keeps paths relative to the checked folder.
/// </summary>
public sealed record ReportPaths(string Prefix)
{
    public static ReportPaths Relative { get; } = new(string.Empty);

    public static ReportPaths Under(string folder)
    {
        string prefix = folder.Replace('\\', '/').Trim('/');
        return prefix is "" or "." ? Relative : new ReportPaths(prefix + "/");
    }

    public string Map(string path) => Prefix + path;
}
