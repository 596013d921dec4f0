using System.Globalization;

namespace Gate.Core.Sharding;

/// <summary>One share of a sharded lock or check: shard <see cref="Index"/> of <see cref="Count"/>, counted from 1 ("2/7").</summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The most shards a lock may be divided into (a GitHub Actions matrix runs at most 256 jobs).</summary>
    public const int MaxCount = 256;

    /// <summary>Reads "K/N" with 1 ≤ K ≤ N ≤ <see cref="MaxCount"/>; null with <paramref name="problem"/> otherwise.</summary>
    public static Shard? Parse(string text, out string? problem)
    {
        problem = null;
        string[] parts = text.Split('/');
        if (parts is [var k, var n] && IsNumber(k) && IsNumber(n)
            && int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count is >= 1 and <= MaxCount && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }

        problem = $"'{text}' is not a shard: write K/N, the shard's number K from 1 to N and the number of shards N from 1 to {MaxCount} (for example 2/7)";
        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    private static bool IsNumber(string text) => text.Length is > 0 and <= 3 && text.All(char.IsAsciiDigit);
}
