using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>The overlap hash's reading of text as a loader types it: numbers, booleans, nulls, dates and times by value.</summary>
public sealed class LooseScalarTests
{
    private static UInt128? Loose(string text)
    {
        byte[] buffer = new byte[1024];
        var writer = new CanonicalHashWriter(buffer, new System.IO.Hashing.XxHash128());
        return JsonNumbers.LooseScalar(System.Text.Encoding.UTF8.GetBytes(text), ref writer);
    }

    [Theory]
    [InlineData("2024-01-02", "2024-01-02 00:00:00")]
    [InlineData("2024-01-02", "2024-01-02T00:00:00.000")]
    [InlineData("2024-01-02", "2024-01-02T00:00:00.000000000Z")]
    [InlineData("2024-01-02T03:04:05", "2024-01-02 03:04:05.000000")]
    [InlineData("2024-01-02T05:04:05+02:00", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T10", "2024-01-02T10:00:00.000")]                // an hour alone, as Arrow's parser reads it
    [InlineData("2024-01-02 10", "2024-01-02T10:00:00.000000")]
    [InlineData("2024-01-02T10:00:00+02", "2024-01-02T08:00:00.000Z")]      // a zone of hours alone
    [InlineData("2024-01-02T10:00:00+0200", "2024-01-02T08:00:00.000Z")]
    [InlineData("2024-01-02T10+02", "2024-01-02T08:00:00Z")]
    [InlineData("0.5", "5e-1")]
    [InlineData("  1000\r\n", "0001000")]
    [InlineData("True", "true")]
    [InlineData("NA", "")]
    public void These_are_one_value(string a, string b)
    {
        Assert.NotNull(Loose(a));
        Assert.Equal(Loose(a), Loose(b));
    }

    [Theory]
    [InlineData("2024-01-02", "2024-01-03")]
    [InlineData("2024-01-02T03:04:05", "2024-01-02T03:04:06")]
    [InlineData("1", "1.5")]
    public void These_are_not(string a, string b) => Assert.NotEqual(Loose(a), Loose(b));

    [Theory]
    [InlineData("2024-13-02")]
    [InlineData("2024-01-02 lunch")]
    [InlineData("087, 747")]
    [InlineData("hello")]
    public void Text_stays_text(string text) => Assert.Null(Loose(text));
}
