using System.Runtime.InteropServices;

namespace Gate.Core.Scanning;

/// <summary>
/// zlib as the runtime exports it for its own compression streams (System.IO.Compression.Native:
/// <c>CompressionNative_*</c>, a stable layout since .NET Core 1.0). The library keeps zlib's
/// stream itself and copies these fields in and out on each call, so this struct may move between
/// calls. The library is named as the runtime names it (with <c>lib</c> outside Windows): a
/// single-file or self-contained host links it in and redirects only that exact name. An import
/// names its library by a constant, hence one import class per name.
/// </summary>
internal static unsafe partial class RuntimeZLib
{
    public const int Ok = 0, StreamEnd = 1, BufferError = -5, MemoryError = -4, NoFlush = 0;

    private static readonly bool Windows = OperatingSystem.IsWindows();

    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public sbyte* Message;
        public nint InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    public static int InflateInit2(ZStream* stream, int windowBits) => Windows ? OnWindows.InflateInit2(stream, windowBits) : Elsewhere.InflateInit2(stream, windowBits);

    public static int InflateReset2(ZStream* stream, int windowBits) => Windows ? OnWindows.InflateReset2(stream, windowBits) : Elsewhere.InflateReset2(stream, windowBits);

    public static int Inflate(ZStream* stream, int flush) => Windows ? OnWindows.Inflate(stream, flush) : Elsewhere.Inflate(stream, flush);

    public static int InflateEnd(ZStream* stream) => Windows ? OnWindows.InflateEnd(stream) : Elsewhere.InflateEnd(stream);

    private static partial class OnWindows
    {
        private const string Library = "System.IO.Compression.Native";

        [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
        public static partial int InflateInit2(ZStream* stream, int windowBits);

        [LibraryImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
        public static partial int InflateReset2(ZStream* stream, int windowBits);

        [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
        public static partial int Inflate(ZStream* stream, int flush);

        [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
        public static partial int InflateEnd(ZStream* stream);
    }

    private static partial class Elsewhere
    {
        private const string Library = "libSystem.IO.Compression.Native";

        [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
        public static partial int InflateInit2(ZStream* stream, int windowBits);

        [LibraryImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
        public static partial int InflateReset2(ZStream* stream, int windowBits);

        [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
        public static partial int Inflate(ZStream* stream, int flush);

        [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
        public static partial int InflateEnd(ZStream* stream);
    }
}
