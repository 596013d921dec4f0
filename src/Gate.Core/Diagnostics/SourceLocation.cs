namespace Gate.Core.Diagnostics;

/// <summary>
/// A place in a user's file: the path relative to the checked folder (forward slashes),
/// and a 1-based line and column. Line 0 means "the file as a whole".
/// </summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation WholeFile(string file) => new(file, 0, 0);

    public bool HasPosition => Line > 0;

    /// <summary>The canonical <c>file(line,col)</c> form compilers and MSBuild use.</summary>
    public override string ToString() => HasPosition ? $"{File}({Line},{Column})" : File;
}
