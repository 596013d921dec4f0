using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Gate.Core.Scanning;

/// <summary>
/// Reads a gzip file (RFC 1952) member by member and checks what .NET's <see cref="GZipStream"/>
/// does not: a file cut short anywhere reads there as a shorter, valid stream, silently. Here each
/// member's header is parsed, its deflate data inflated by a raw <see cref="DeflateStream"/>, and its
/// trailer (the CRC-32 and the length of the member's data) compared with what was inflated. Zero
/// bytes after the last member (padding) are skipped, as gzip and Python's gzip module do; any other
/// bytes there are an error. Damaged data throws <see cref="InvalidDataException"/>, data cut short
/// <see cref="EndOfStreamException"/>. An empty file is an empty stream (as for Python).
/// </summary>
internal sealed class GZipMemberStream(Stream file) : Stream
{
    /// <summary>The input buffer, and the most handed to the inflater at once (its own buffer is smaller).</summary>
    private const int InputBytes = 128 << 10, MaxServedBytes = 16 << 10;

    private const byte FlagHeaderCrc = 0x02, FlagExtra = 0x04, FlagName = 0x08, FlagComment = 0x10, ReservedFlags = 0xE0;

    private readonly byte[] _input = new byte[InputBytes];
    private readonly Crc32 _crc = new();
    private int _next;
    private int _end;
    private bool _fileEnded;
    private long _fileOffset; // of _input[0]

    private DeflateStream? _member;
    private int _memberStart;
    private int _servedBefore;
    private int _servedLast;
    private uint _memberLength;
    private int _members;
    private bool _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_done)
        {
            if (_member is null && !StartMember())
            {
                _done = true;
                break;
            }

            int read = _member!.Read(buffer);
            if (read > 0)
            {
                _crc.Append(buffer[..read]);
                _memberLength += (uint)read;
                return read;
            }

            EndMember();
        }

        return 0;
    }

    /// <summary>Parses the next member's header and starts inflating its data; false at the end of the file.</summary>
    private bool StartMember()
    {
        if (_members > 0)
        {
            // Zero padding after the last member is skipped; anything else must be another member.
            while (Fill(1) && _input[_next] == 0)
            {
                _next++;
            }
        }

        if (!Fill(1))
        {
            return false;
        }

        long headerOffset = Offset;
        var headerCrc = new Crc32();
        byte Next()
        {
            if (!Fill(1))
            {
                throw new EndOfStreamException($"the gzip header at byte {headerOffset} ends early: the file is truncated");
            }

            headerCrc.Append(_input.AsSpan(_next, 1));
            return _input[_next++];
        }

        if (Next() != 0x1F || Next() != 0x8B)
        {
            throw new InvalidDataException(_members == 0
                ? "not gzip data: the file does not start with the gzip signature 1F 8B"
                : $"bytes after the end of the gzip data, from byte {headerOffset}, are not gzip data");
        }

        byte method = Next();
        if (method != 8)
        {
            throw new InvalidDataException($"the gzip member at byte {headerOffset} uses compression method {method}, not deflate (8)");
        }

        byte flags = Next();
        if ((flags & ReservedFlags) != 0)
        {
            throw new InvalidDataException($"the gzip header at byte {headerOffset} sets reserved flags (0x{flags:X2})");
        }

        for (int i = 0; i < 6; i++)
        {
            Next(); // modification time, extra flags, operating system
        }

        if ((flags & FlagExtra) != 0)
        {
            int extra = Next() | (Next() << 8);
            for (int i = 0; i < extra; i++)
            {
                Next();
            }
        }

        for (int text = 0; text < 2; text++)
        {
            if ((flags & (text == 0 ? FlagName : FlagComment)) != 0)
            {
                while (Next() != 0)
                {
                    // a zero-terminated file name or comment
                }
            }
        }

        if ((flags & FlagHeaderCrc) != 0)
        {
            ushort expected = (ushort)headerCrc.GetCurrentHashAsUInt32();
            int stored = Next() | (Next() << 8);
            if (stored != expected)
            {
                throw new InvalidDataException($"the gzip header at byte {headerOffset} does not match its checksum");
            }
        }

        _members++;
        _memberStart = _next;
        _servedBefore = _servedLast = _next;
        _memberLength = 0;
        _crc.Reset();
        _member = new DeflateStream(new InflaterInput(this), CompressionMode.Decompress);
        return true;
    }

    /// <summary>
    /// The inflater stopped: its data ended, or the file did. The trailer follows the deflate data at
    /// a byte the inflater does not report, within the last input it took; it is found there by its
    /// own value (a false match elsewhere has odds of 2^-64), and reading resumes after it.
    /// </summary>
    private void EndMember()
    {
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], _memberLength);

        Fill(8); // the trailer may start as late as where the inflater's input ended
        _member!.Dispose();
        _member = null;
        int from = Math.Max(_memberStart, _servedBefore);
        int at = _input.AsSpan(from, Math.Min(_end, _next + 8) - from).IndexOf(trailer);
        if (at >= 0)
        {
            _next = from + at + 8;
            return;
        }

        // No trailer. Near the file's end, a complete member would end with one whose last four
        // bytes are the data's length: without them the file was cut; with them it is damaged.
        bool cut = _fileEnded && _end - _next < 8
            && (_end - _memberStart < 8 || BinaryPrimitives.ReadUInt32LittleEndian(_input.AsSpan(_end - 4)) != _memberLength);
        throw cut
            ? new EndOfStreamException($"gzip member {_members} ends early: the file is truncated")
            : new InvalidDataException($"gzip member {_members} does not match its CRC-32 and length");
    }

    /// <summary>The file offset of the next unread byte.</summary>
    private long Offset => _fileOffset + _next;

    /// <summary>
    /// Makes at least <paramref name="bytes"/> unread bytes available, unless the file ends first.
    /// Bytes from the inflater's last two inputs on are kept, for the trailer search.
    /// </summary>
    private bool Fill(int bytes)
    {
        if (_end - _next >= bytes)
        {
            return true;
        }

        int keep = _member is null ? _next : Math.Min(_next, Math.Max(_memberStart, _servedBefore));
        if (keep > 0)
        {
            _input.AsSpan(keep, _end - keep).CopyTo(_input);
            _fileOffset += keep;
            _next -= keep;
            _end -= keep;
            _memberStart -= keep;
            _servedBefore -= keep;
            _servedLast -= keep;
        }

        while (_end - _next < bytes && !_fileEnded)
        {
            int read = file.Read(_input, _end, _input.Length - _end);
            if (read == 0)
            {
                _fileEnded = true;
            }

            _end += read;
        }

        return _end - _next >= bytes;
    }

    /// <summary>Hands the inflater this stream's input, at most <see cref="MaxServedBytes"/> at a time, noting where each hand-over began.</summary>
    private int Serve(Span<byte> into)
    {
        if (!Fill(1))
        {
            return 0;
        }

        int count = Math.Min(Math.Min(into.Length, MaxServedBytes), _end - _next);
        _input.AsSpan(_next, count).CopyTo(into);
        _servedBefore = _servedLast;
        _servedLast = _next;
        _next += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The raw deflate data of the current member, as the inflater reads it.</summary>
    private sealed class InflaterInput(GZipMemberStream owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => owner.Serve(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => owner.Serve(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
