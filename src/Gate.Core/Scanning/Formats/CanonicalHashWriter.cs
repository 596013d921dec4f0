using System.Buffers;
using System.IO.Hashing;

namespace Gate.Core.Scanning;

/// <summary>
/// Takes a record's canonical bytes, one member at a time, through a buffer of bounded size into
/// XXH128: a member that fits is hashed in one call, one that outgrows the buffer is hashed as a
/// stream, with the same result (XXH128 of the same bytes). So a record of any size is hashed in
/// the buffer's memory, not in a copy of the record.
/// </summary>
internal ref struct CanonicalHashWriter
{
    private readonly Span<byte> _buffer;
    private readonly XxHash128 _stream;
    private int _length;
    private bool _streaming;

    /// <param name="buffer">The bounded buffer (reused from record to record).</param>
    /// <param name="stream">The streaming hash for members that outgrow it (reset before use).</param>
    public CanonicalHashWriter(Span<byte> buffer, XxHash128 stream)
    {
        _buffer = buffer;
        _stream = stream;
        _stream.Reset();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Put(byte b)
    {
        if (_length == _buffer.Length)
        {
            Flush();
        }

        _buffer[_length++] = b;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Put(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= _buffer.Length - _length)
        {
            bytes.CopyTo(_buffer[_length..]);
            _length += bytes.Length;
            return;
        }

        while (!bytes.IsEmpty)
        {
            if (_length == _buffer.Length)
            {
                Flush();
            }

            int take = Math.Min(bytes.Length, _buffer.Length - _length);
            bytes[..take].CopyTo(_buffer[_length..]);
            _length += take;
            bytes = bytes[take..];
        }
    }

    /// <summary>Puts decoded text as a canonical JSON string holds it: every quote and backslash escaped (<c>\"</c>, <c>\\</c>).</summary>
    public void PutEscaped(scoped ReadOnlySpan<byte> text)
    {
        for (int special = text.IndexOfAny((byte)'"', (byte)'\\'); special >= 0; special = text.IndexOfAny((byte)'"', (byte)'\\'))
        {
            Put(text[..special]);
            Put((byte)'\\');
            Put(text[special]);
            text = text[(special + 1)..];
        }

        Put(text);
    }

    /// <summary>
    /// Puts a JSON string's contents as readers read them (<see cref="JsonEscapes.TryCanonical"/>);
    /// false, with the contents put as written, when an escape is malformed (no reader accepts it).
    /// </summary>
    public bool PutString(scoped ReadOnlySpan<byte> contents)
    {
        if (_buffer.Length - _length < contents.Length)
        {
            Flush();
        }

        if (contents.Length <= _buffer.Length)
        {
            if (JsonEscapes.TryCanonical(contents, _buffer[_length..], out int written))
            {
                _length += written;
                return true;
            }

            Put(contents);
            return false;
        }

        // Longer than the whole buffer: decoded into memory of its own (a canonical string is never longer than written).
        byte[] decoded = ArrayPool<byte>.Shared.Rent(contents.Length);
        try
        {
            bool valid = JsonEscapes.TryCanonical(contents, decoded, out int written);
            Put(valid ? decoded.AsSpan(0, written) : contents);
            return valid;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    /// <summary>The hash of what was written since the last member's hash, which starts a new member.</summary>
    public UInt128 HashMember()
    {
        UInt128 hash;
        if (_streaming)
        {
            _stream.Append(_buffer[.._length]);
            hash = _stream.GetCurrentHashAsUInt128();
            _stream.Reset();
            _streaming = false;
        }
        else
        {
            hash = XxHash128.HashToUInt128(_buffer[.._length]);
        }

        _length = 0;
        return hash;
    }

    private void Flush()
    {
        _stream.Append(_buffer[.._length]);
        _length = 0;
        _streaming = true;
    }
}
