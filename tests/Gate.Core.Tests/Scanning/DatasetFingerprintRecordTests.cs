using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>Bytes and Sha256 are computed once; they must still follow the path and files, also through <c>with</c>.</summary>
public sealed class DatasetFingerprintRecordTests
{
    private static readonly FileDigest A = new("data/d/a.jsonl", new string('a', 64), 10, IsLfsPointer: false);
    private static readonly FileDigest B = new("data/d/b.jsonl", new string('b', 64), 32, IsLfsPointer: false);

    [Fact]
    public void Derived_values_match_their_definitions()
    {
        var fingerprint = new DatasetFingerprint("data/d", [A, B], null);

        Assert.Equal(42, fingerprint.Bytes);
        Assert.Equal(DatasetFingerprint.ContentDigest("data/d", [A, B]), fingerprint.Sha256);
        Assert.Equal(A.Sha256, new DatasetFingerprint(A.Path, [A], null).Sha256);
    }

    [Fact]
    public void With_recomputes_the_derived_values()
    {
        var folder = new DatasetFingerprint("data/d", [A, B], null);

        DatasetFingerprint one = folder with { Path = A.Path, Files = [A] };
        Assert.Equal(10, one.Bytes);
        Assert.Equal(A.Sha256, one.Sha256);

        DatasetFingerprint moved = folder with { Path = "data" };
        Assert.Equal(DatasetFingerprint.ContentDigest("data", [A, B]), moved.Sha256);
        Assert.Equal(42, moved.Bytes);
    }

    [Fact]
    public void Equality_and_text_are_those_of_the_positional_record()
    {
        IReadOnlyList<FileDigest> files = [A, B];
        var x = new DatasetFingerprint("data/d", files, null);
        var y = new DatasetFingerprint("data/d", files, null);

        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.NotEqual(x, y with { Path = "data/e" });
        Assert.StartsWith("DatasetFingerprint { Path = data/d, Files = ", x.ToString(), StringComparison.Ordinal);
        Assert.Contains(", Features = , Version = ", x.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($", Bytes = 42, Records = , Sha256 = {x.Sha256} }}", x.ToString(), StringComparison.Ordinal);
    }
}
