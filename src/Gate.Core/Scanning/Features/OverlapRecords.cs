using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gate.Core.Scanning;

/// <summary>
/// A dataset's records as GATE007's overlap test compares them — the distinct overlap hashes, in
/// ascending order, with the generator fields every overlap hash of the run leaves out — in one
/// canonical byte form, and its SHA-256 (the lock's <c>overlapRecords</c>). The bytes are what a
/// record store (<c>--cache</c>) keeps, in a file named by the digest: a check that takes a dataset's
/// fingerprint from the lock (<see cref="Repository.VouchedDatasets"/>) reads its records from there
/// and uses them only when their SHA-256 is the digest the lock vouches for, so the store itself
/// needs no trust: a file that was tampered with, cut short or swapped only makes the dataset scanned.
/// </summary>
/// <remarks>
/// Layout: the line <c>gate-overlap-records/1</c>, then the ignored keys' count and each key as a
/// length and UTF-8 bytes, then the hashes' count and each hash, all numbers 64-bit little-endian.
/// </remarks>
internal static class OverlapRecords
{
    /// <summary>
    /// The version of the overlap hash and of this layout, part of every digest. Bump it whenever a
    /// record's overlap hash changes (a test pins a digest to catch that), so that records a store
    /// kept from an older Gate never meet records this one hashes.
    /// </summary>
    public const int Version = 1;

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes($"gate-overlap-records/{Version}\n");

    /// <summary>The extension of a store file, after its digest.</summary>
    public const string Extension = ".records";

    /// <summary>Sorts <paramref name="hashes"/> and keeps each value once (the overlap test counts distinct records).</summary>
    public static void SortDistinct(List<ulong> hashes)
    {
        Span<ulong> span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes);
        if (span.Length >= RadixFrom)
        {
            RadixSort(span);
        }
        else
        {
            span.Sort();
        }

        int kept = 0;
        for (int i = 0; i < span.Length; i++)
        {
            if (kept == 0 || span[kept - 1] != span[i])
            {
                span[kept++] = span[i];
            }
        }

        hashes.RemoveRange(kept, hashes.Count - kept);
    }

    /// <summary>From how many hashes a radix sort beats a comparison sort (the hashes are uniform 64-bit values).</summary>
    internal const int RadixFrom = 1 << 14;

    /// <summary>
    /// Least-significant-digit radix sort, 11 bits a pass (six passes, each a histogram-guided
    /// scatter into a scratch buffer of the same size): linear in the hashes, where a comparison
    /// sort of millions of them costs a lock seconds.
    /// </summary>
    internal static void RadixSort(Span<ulong> values)
    {
        const int Bits = 11, Buckets = 1 << Bits, Passes = (64 + Bits - 1) / Bits;
        ulong[] rented = System.Buffers.ArrayPool<ulong>.Shared.Rent(values.Length);
        try
        {
            var counts = new int[Passes * Buckets];
            foreach (ulong value in values)
            {
                for (int pass = 0; pass < Passes; pass++)
                {
                    counts[(pass * Buckets) + (int)((value >> (pass * Bits)) & (Buckets - 1))]++;
                }
            }

            Span<ulong> from = values, to = rented.AsSpan(0, values.Length);
            Span<int> offsets = stackalloc int[Buckets];
            for (int pass = 0; pass < Passes; pass++)
            {
                Span<int> histogram = counts.AsSpan(pass * Buckets, Buckets);
                if (histogram.Contains(values.Length))
                {
                    continue; // every value has the same digit here: the pass would move nothing
                }

                int sum = 0;
                for (int b = 0; b < Buckets; b++)
                {
                    offsets[b] = sum;
                    sum += histogram[b];
                }

                int shift = pass * Bits;
                foreach (ulong value in from)
                {
                    to[offsets[(int)((value >> shift) & (Buckets - 1))]++] = value;
                }

                Span<ulong> swap = from;
                from = to;
                to = swap;
            }

            if (from != values)
            {
                from.CopyTo(values);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>The SHA-256 (lowercase hex) of the canonical bytes of <paramref name="sorted"/> (distinct, ascending) under <paramref name="ignoredKeys"/>.</summary>
    public static string Digest(IReadOnlyList<string> ignoredKeys, List<ulong> sorted)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Header(ignoredKeys, sorted.Count));
        AppendHashes(sorted, hash.AppendData);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The canonical bytes, to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<string> ignoredKeys, List<ulong> sorted)
    {
        stream.Write(Header(ignoredKeys, sorted.Count));
        AppendHashes(sorted, stream.Write);
    }

    /// <summary>
    /// The records a store file at <paramref name="path"/> holds, when its SHA-256 is
    /// <paramref name="digest"/>, it was made under <paramref name="ignoredKeys"/> and holds no more
    /// than <paramref name="maxRecords"/> hashes, distinct and ascending; null otherwise (missing,
    /// unreadable, tampered with, another run's keys), with why.
    /// </summary>
    public static List<ulong>? Read(string path, string digest, IReadOnlyList<string> ignoredKeys, long maxRecords, out string? why)
    {
        byte[] header = Header(ignoredKeys, 0);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                why = "it is not in the record store";
                return null;
            }

            // Never more than the dataset's records could need: a huge file in the store is not read.
            long most = header.Length + (8 * Math.Max(0, maxRecords));
            if (info.Length > most || info.Length > Array.MaxLength)
            {
                why = "its file in the record store is larger than its records";
                return null;
            }

            IO.FileType.EnsureRegular(path); // a named pipe would block the read for ever
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            why = $"its file in the record store cannot be read ({ex.GetType().Name})";
            return null;
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), digest, StringComparison.Ordinal))
        {
            why = "its file in the record store is not the one the lock vouches for";
            return null;
        }

        // The header up to the count: the magic and the keys, as this run has them.
        int keysEnd = header.Length - 8;
        if (bytes.Length < header.Length || !bytes.AsSpan(0, keysEnd).SequenceEqual(header.AsSpan(0, keysEnd)))
        {
            why = "its records were hashed leaving out other generator fields than this run's";
            return null;
        }

        long count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(keysEnd, 8));
        if (count < 0 || count > maxRecords || bytes.Length - header.Length != count * 8)
        {
            why = "its file in the record store does not hold what its header says";
            return null;
        }

        var hashes = new List<ulong>((int)count);
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(hashes, (int)count);
        Span<ulong> values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes);
        ReadOnlySpan<byte> stored = bytes.AsSpan(header.Length);
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = BinaryPrimitives.ReadUInt64LittleEndian(stored.Slice(8 * k, 8));
            if (k > 0 && values[k - 1] >= values[k])
            {
                why = "its file in the record store is not in order";
                return null;
            }
        }

        why = null;
        return hashes;
    }

    private static byte[] Header(IReadOnlyList<string> ignoredKeys, long count)
    {
        using var header = new MemoryStream();
        header.Write(Magic);
        byte[] eight = new byte[8];
        void Long(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(eight, value);
            header.Write(eight);
        }

        Long(ignoredKeys.Count);
        foreach (string key in ignoredKeys)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(key);
            Long(utf8.Length);
            header.Write(utf8);
        }

        Long(count);
        return header.ToArray();
    }

    /// <summary>The hashes as little-endian bytes, in blocks (never the whole list copied at once).</summary>
    private static void AppendHashes(List<ulong> sorted, Action<byte[], int, int> append)
    {
        // Rented, and no larger than the hashes need: a lock digests the records of every dataset, many of them tiny.
        byte[] block = System.Buffers.ArrayPool<byte>.Shared.Rent(8 * Math.Clamp(sorted.Count, 1, 8192));
        try
        {
            int filled = 0;
            foreach (ulong value in sorted)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(filled, 8), value);
                filled += 8;
                if (filled + 8 > block.Length)
                {
                    append(block, 0, filled);
                    filled = 0;
                }
            }

            if (filled > 0)
            {
                append(block, 0, filled);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(block);
        }
    }
}
