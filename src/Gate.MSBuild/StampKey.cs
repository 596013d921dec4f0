using System.Security.Cryptography;

namespace Gate.MSBuild;

/// <summary>
/// A random key kept on this machine, outside every repository, that names the task's stamps. The
/// inputs digest alone is public (anyone can compute it for any content), so a stamp named by it
/// could be committed beside failing data to make the next build skip the check. A stamp named by
/// an HMAC under this key can only have been written by a passing check on this machine.
/// </summary>
internal static class StampKey
{
    private const int KeyBytes = 32;

    /// <summary>The key file under the user's local application data (<c>~/.local/share/gate/stamp-key</c> on Linux).</summary>
    public static string DefaultFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "gate", "stamp-key");

    /// <summary>The key in <paramref name="file"/>, made on first use; null when it can be neither read nor made (then nothing is cached).</summary>
    public static byte[]? ReadOrCreate(string file)
    {
        try
        {
            if (File.Exists(file) && File.ReadAllBytes(file) is { Length: KeyBytes } existing)
            {
                return existing;
            }

            byte[] key = RandomNumberGenerator.GetBytes(KeyBytes);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            string temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                stream.Write(key);
            }

            File.Move(temporary, file, overwrite: true);
            return File.ReadAllBytes(file) is { Length: KeyBytes } written ? written : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The stamp's name for an inputs digest: HMAC-SHA256 under the key, in hex.</summary>
    public static string Name(byte[] key, string inputsDigest) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(inputsDigest)));
}
