using System.IO.Compression;

namespace Gate.Core.Scanning;

/// <summary>
/// Reads a gzip file (RFC 1952) as gzip and Python's gzip module do, and refuses what .NET's
/// <see cref="GZipStream"/> passes in silence: a file cut short anywhere (GZipStream returns the
/// data up to the cut as if the file ended there) and bytes after the data that are not gzip.
/// <para>
/// Each member is inflated by zlib in gzip mode, which checks its header, its CRC-32 and its
/// length where they are, and says exactly where the member ends; the next member starts there.
/// Zero bytes after the last member (padding) are skipped; anything else there is an error. An
/// empty file is an empty stream. Damaged data throws <see cref="InvalidDataException"/>, data
/// cut short <see cref="EndOfStreamException"/>.
/// </para>
/// <para>
/// zlib is the runtime's own, through the exported functions of the native library that .NET's
/// compression streams call (<see cref="RuntimeZLib"/>): no public API tells where a member's data ended.
/// Where that library cannot be loaded, <see cref="Decompression.Inflate"/> falls back to GZipStream.
/// </para>
/// </summary>
internal sealed unsafe class GZipMemberStream : ReadOnlyForwardStream
{
    private const int InputBytes = 128 << 10;

    /// <summary>zlib's window bits for gzip only: 15 (a 32 KiB window) + 16.</summary>
    private const int GZipWindowBits = 31;

    private readonly Stream _file;
    private readonly byte[] _input = GC.AllocateUninitializedArray<byte>(InputBytes, pinned: true);
    private RuntimeZLib.ZStream _zlib;
    private bool _initialized;
    private int _next;
    private int _end;
    private long _inputOffset; // of _input[0] in the file
    private bool _fileEnded;
    private bool _inMember;
    private int _members;
    private bool _done;

    public GZipMemberStream(Stream file)
    {
        _file = file;
        fixed (RuntimeZLib.ZStream* zlib = &_zlib)
        {
            Check(RuntimeZLib.InflateInit2(zlib, GZipWindowBits), "could not start inflating");
        }

        _initialized = true;
    }

    ~GZipMemberStream() => Dispose(false);

    /// <summary>Whether the runtime's zlib can be called here (else the caller uses <see cref="GZipStream"/>).</summary>
    public static bool IsSupported { get; } = Probe();

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(!_initialized, this);
        while (!buffer.IsEmpty && !_done)
        {
            if (!_inMember && !StartMember())
            {
                _done = true;
                break;
            }

            if (_next == _end && !Fill())
            {
                throw new EndOfStreamException($"gzip member {_members} ends early: the file is truncated");
            }

            int produced, status;
            fixed (byte* input = _input)
            fixed (byte* output = buffer)
            fixed (RuntimeZLib.ZStream* zlib = &_zlib)
            {
                zlib->NextIn = input + _next;
                zlib->AvailIn = (uint)(_end - _next);
                zlib->NextOut = output;
                zlib->AvailOut = (uint)buffer.Length;
                status = RuntimeZLib.Inflate(zlib, RuntimeZLib.NoFlush);
                _next = (int)(zlib->NextIn - input);
                produced = buffer.Length - (int)zlib->AvailOut;
                // A buffer error means no progress, which with input and room left cannot happen.
                if (status is not (RuntimeZLib.Ok or RuntimeZLib.StreamEnd or RuntimeZLib.BufferError) || (status == RuntimeZLib.BufferError && zlib->AvailIn > 0))
                {
                    throw new InvalidDataException($"gzip member {_members}: {Message(zlib, status)}");
                }
            }

            if (status == RuntimeZLib.StreamEnd)
            {
                _inMember = false; // its CRC-32 and length matched; the next member starts at _next
            }

            if (produced > 0)
            {
                return produced;
            }
        }

        return 0;
    }

    /// <summary>Starts the next member, after any zero padding; false at the end of the file.</summary>
    private bool StartMember()
    {
        while ((_next < _end || Fill()) && _members > 0 && _input[_next] == 0)
        {
            _next++;
        }

        if (_next == _end && !Fill())
        {
            return false;
        }

        // A lone 1F at the file's end is a member cut short, which zlib reports as such.
        long at = _inputOffset + _next;
        bool second = _next + 1 < _end || Fill();
        if (_input[_next] != 0x1F || (second && _input[_next + 1] != 0x8B))
        {
            throw new InvalidDataException(_members == 0
                ? "not gzip data: the file does not start with the gzip signature 1F 8B"
                : $"bytes after the end of the gzip data, from byte {at}, are not gzip data");
        }

        if (_members > 0)
        {
            fixed (RuntimeZLib.ZStream* zlib = &_zlib)
            {
                Check(RuntimeZLib.InflateReset2(zlib, GZipWindowBits), "could not start the next gzip member");
            }
        }

        _members++;
        _inMember = true;
        return true;
    }

    /// <summary>Reads more of the file after the unread input; false when the file has no more.</summary>
    private bool Fill()
    {
        if (_fileEnded)
        {
            return false;
        }

        if (_next > 0)
        {
            _input.AsSpan(_next, _end - _next).CopyTo(_input);
            _inputOffset += _next;
            _end -= _next;
            _next = 0;
        }

        int read = _file.Read(_input, _end, _input.Length - _end);
        _fileEnded = read == 0;
        _end += read;
        return read > 0;
    }

    private static string Message(RuntimeZLib.ZStream* zlib, int status) =>
        zlib->Message != null ? new string(zlib->Message) : $"zlib status {status}";

    private static void Check(int status, string what)
    {
        if (status != RuntimeZLib.Ok)
        {
            throw status == RuntimeZLib.MemoryError ? new OutOfMemoryException(what) : new InvalidOperationException($"{what}: zlib status {status}");
        }
    }

    private static bool Probe()
    {
        try
        {
            var zlib = default(RuntimeZLib.ZStream);
            if (RuntimeZLib.InflateInit2(&zlib, GZipWindowBits) != RuntimeZLib.Ok)
            {
                return false;
            }

            bool resets = RuntimeZLib.InflateReset2(&zlib, GZipWindowBits) == RuntimeZLib.Ok;
            RuntimeZLib.InflateEnd(&zlib);
            return resets;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_initialized)
        {
            _initialized = false;
            fixed (RuntimeZLib.ZStream* zlib = &_zlib)
            {
                RuntimeZLib.InflateEnd(zlib);
            }
        }

        base.Dispose(disposing);
    }
}
