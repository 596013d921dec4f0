using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Gate.Core.Scanning;

/// <summary>A read-only stream over a file handle with its own position, so several threads can read one handle.</summary>
internal sealed class RandomAccessStream(SafeFileHandle handle, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => _position = value; }

    /// <summary>When set, every byte read is also added to this hash: for a single sequential pass that yields the file's SHA-256 too.</summary>
    public IncrementalHash? Hash { get; init; }

    /// <summary>When set, every read reports its byte count.</summary>
    public IProgress<long>? Progress { get; init; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = RandomAccess.Read(handle, buffer, _position);
        _position += read;
        Hash?.AppendData(buffer[..read]);
        Progress?.Report(read);

        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
