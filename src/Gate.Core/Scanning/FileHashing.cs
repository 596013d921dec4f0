using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Gate.Core.Scanning;

/// <summary>The SHA-256 of a data file read on its own (the pass that runs beside feature extraction, or after it).</summary>
internal static class FileHashing
{
    public static string Sha256(SafeFileHandle handle, long length, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long offset = 0;
            while (offset < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                offset += read;
                progress?.Report(read);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
