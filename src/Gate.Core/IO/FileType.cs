using System.Runtime.InteropServices;

namespace Gate.Core.IO;

/// <summary>
/// Whether a path names a regular file, asked before Gate opens it. Opening a named pipe (FIFO)
/// for reading blocks until some other process writes to it, and a device never ends, so a
/// repository holding one where a data file, manifest, policy, lock or evidence is expected would
/// hang the gate. .NET 10 has no public API for a file's type (<c>FileAttributes</c> says
/// <c>Normal</c> for a FIFO), hence <c>statx(2)</c>, whose result layout is the same on every Linux
/// architecture. Elsewhere (Windows has no FIFOs in the file system) the answer is "cannot tell"
/// and Gate opens the file as before.
/// </summary>
internal static partial class FileType
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxMaskOffset = 0x00;
    private const int StatxModeOffset = 0x1C;
    private const int StatxBufferBytes = 256;

    private const int TypeMask = 0xF000;
    private static bool s_unavailable;

    /// <summary>
    /// What <paramref name="fullPath"/> (links followed) is when it is not a regular file — "a named
    /// pipe (FIFO)", "a socket", "a character device", "a block device", "a folder" — or null when it
    /// is one, does not exist, or the system cannot tell (the open that follows reports those).
    /// </summary>
    public static string? NotRegular(string fullPath)
    {
        if (!OperatingSystem.IsLinux() || s_unavailable)
        {
            return null;
        }

        int mode;
        try
        {
            mode = LinuxMode(fullPath);
        }
        catch (EntryPointNotFoundException)
        {
            s_unavailable = true; // a C library without statx (musl before 1.2.5)
            return null;
        }

        if (mode < 0)
        {
            return null;
        }

        return (mode & TypeMask) switch
        {
            0x8000 => null,
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x4000 => "a folder",
            _ => "not a regular file",
        };
    }

    /// <summary>
    /// Throws an <see cref="IOException"/> (so callers report it as the unreadable file it is) unless
    /// <paramref name="fullPath"/> is a regular file or the system cannot tell.
    /// </summary>
    public static void EnsureRegular(string fullPath)
    {
        if (NotRegular(fullPath) is { } what)
        {
            throw new IOException($"it is {what}, not a regular file; Gate reads only regular files");
        }
    }

    /// <summary>The bytes of a regular file; anything else, or a failed read, is GATE107 naming <paramref name="displayPath"/>.</summary>
    public static byte[] ReadRegular(string fullPath, string displayPath)
    {
        try
        {
            EnsureRegular(fullPath);
            return File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Diagnostics.GateInputException(Diagnostics.InputError.NotReadable(displayPath, ex));
        }
    }

    /// <summary>The <c>st_mode</c> of the path, or -1 when statx cannot say (no such file, a link loop, an old kernel).</summary>
    private static unsafe int LinuxMode(string fullPath)
    {
        byte* buffer = stackalloc byte[StatxBufferBytes];
        if (Statx(AtFdCwd, fullPath, 0, StatxType, buffer) != 0)
        {
            return -1;
        }

        uint mask = *(uint*)(buffer + StatxMaskOffset);
        return (mask & StatxType) == 0 ? -1 : *(ushort*)(buffer + StatxModeOffset);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
