using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Gate.Core.Scanning;

/// <summary>
/// The one text a MinHash signature is kept and compared as in a lock. A signature with few
/// occupied bins (a small dataset: at most one bin per distinct record) is its occupied bins,
/// "bin:value" in bin order with the value as 16 hex digits ("17:8800bc5cd6668ffa 42:…"; empty
/// when no bin is occupied); any other is the base64 of all 256 bins, big-endian. One signature
/// has exactly one text, so equal texts are equal signatures, whichever form the lock was written in.
/// </summary>
public static class MinHashText
{
    /// <summary>Signatures with fewer occupied bins than this are written bin by bin: below it that form is the shorter.</summary>
    public const int SparseBelow = 64;

    /// <summary>The canonical text of <paramref name="bins"/>.</summary>
    public static string Of(ReadOnlySpan<ulong> bins)
    {
        if (bins.Length != MinHashKernels.Bins)
        {
            throw new ArgumentException($"a MinHash signature has {MinHashKernels.Bins} bins", nameof(bins));
        }

        int occupied = bins.Length - bins.Count(MinHashKernels.Empty);
        if (occupied >= SparseBelow)
        {
            return Base64(bins);
        }

        var text = new StringBuilder(occupied * 20);
        for (int i = 0; i < bins.Length; i++)
        {
            if (bins[i] != MinHashKernels.Empty)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(':').Append(bins[i].ToString("x16", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>All bins as the base64 of their big-endian bytes (the dense form, and <c>gate fingerprint</c>'s).</summary>
    public static string Base64(ReadOnlySpan<ulong> bins)
    {
        var bytes = new byte[bins.Length * 8];
        for (int i = 0; i < bins.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), bins[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Whether <paramref name="text"/> (canonical) lists occupied bins rather than all of them.</summary>
    public static bool IsSparse(string text) => text.Length == 0 || text.Contains(':', StringComparison.Ordinal);

    /// <summary>The occupied bins of a sparse canonical text, in bin order.</summary>
    public static IEnumerable<(int Bin, ulong Value)> Occupied(string text)
    {
        ulong[] bins = Bins(text);
        for (int i = 0; i < bins.Length; i++)
        {
            if (bins[i] != MinHashKernels.Empty)
            {
                yield return (i, bins[i]);
            }
        }
    }

    /// <summary>All 256 bins of a canonical text (either form). Throws <see cref="FormatException"/> on anything else.</summary>
    public static ulong[] Bins(string text) => IsSparse(text) ? FromOccupied(SparseEntries(text)) : FromBase64(text);

    /// <summary>All 256 bins from their big-endian base64 (the dense form, and <c>gate fingerprint</c>'s).</summary>
    public static ulong[] FromBase64(string base64) => FromBytes(Convert.FromBase64String(base64));

    /// <summary>All 256 bins from their big-endian bytes.</summary>
    public static ulong[] FromBytes(byte[] bytes)
    {
        if (bytes.Length != MinHashKernels.Bins * 8)
        {
            throw new FormatException($"a MinHash signature has {MinHashKernels.Bins} bins of 8 bytes");
        }

        var bins = new ulong[MinHashKernels.Bins];
        for (int i = 0; i < bins.Length; i++)
        {
            bins[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
        }

        return bins;
    }

    /// <summary>
    /// All 256 bins from occupied ones, as a lock writes them: bins strictly increasing from 0 to
    /// 255, each value 16 lowercase hex digits and not the empty marker.
    /// </summary>
    public static ulong[] FromOccupied(IEnumerable<(string Bin, string Value)> entries)
    {
        var bins = new ulong[MinHashKernels.Bins];
        Array.Fill(bins, MinHashKernels.Empty);
        int previous = -1;
        foreach (var (binText, valueText) in entries)
        {
            if (binText.Length is 0 or > 3 || (binText.Length > 1 && binText[0] == '0') || !binText.All(char.IsAsciiDigit)
                || int.Parse(binText, CultureInfo.InvariantCulture) >= MinHashKernels.Bins)
            {
                throw new FormatException($"'{binText}' is not a bin number from 0 to {MinHashKernels.Bins - 1}");
            }

            int bin = int.Parse(binText, CultureInfo.InvariantCulture);
            if (bin <= previous)
            {
                throw new FormatException($"bin {bin} is out of order or given twice");
            }

            if (valueText.Length != 16 || !valueText.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
                || ulong.Parse(valueText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) == MinHashKernels.Empty)
            {
                throw new FormatException($"the value of bin {bin} is not 16 lowercase hex digits of an occupied bin");
            }

            ulong value = ulong.Parse(valueText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            bins[bin] = value;
            previous = bin;
        }

        return bins;
    }

    private static IEnumerable<(string Bin, string Value)> SparseEntries(string text) =>
        text.Length == 0 ? [] : text.Split(' ').Select(entry => entry.Split(':') is [var bin, var value] ? (bin, value) : throw new FormatException($"'{entry}' is not bin:value"));
}
