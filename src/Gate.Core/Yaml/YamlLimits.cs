namespace Gate.Core.Yaml;

/// <summary>
/// Bounds on what Gate will read from a YAML file. Policies and manifests are small, hand-written
/// files; anything far beyond these is an attack or an accident, and is refused with a clear error.
/// </summary>
internal sealed record YamlLimits(long MaxFileBytes, int MaxDepth, int MaxScalarLength)
{
    public static YamlLimits Default { get; } = new(MaxFileBytes: 4 * 1024 * 1024, MaxDepth: 64, MaxScalarLength: 64 * 1024);
}
