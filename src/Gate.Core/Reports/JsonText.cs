using System.Text;
using System.Text.Json;

namespace Gate.Core.Reports;

/// <summary>
/// How every Gate JSON document is written: <see cref="JsonReportWriter.Options"/> (indented, LF, relaxed
/// escaping), UTF-8 without a byte order mark, and a final LF.
/// </summary>
internal static class JsonText
{
    /// <summary>Writes one document to <paramref name="stream"/>, then the final LF.</summary>
    public static void Write(Stream stream, Action<Utf8JsonWriter> write)
    {
        using var json = new Utf8JsonWriter(stream, JsonReportWriter.Options);
        write(json);
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The document <paramref name="write"/> writes, with its final LF, as a string.</summary>
    public static string ToString(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        Write(buffer, write);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One file of a dataset, as the lock and <c>gate fingerprint --json</c> both list it.</summary>
    public static void WriteFileDigest(Utf8JsonWriter json, string path, string sha256, long bytes, bool lfsPointer)
    {
        json.WriteStartObject();
        json.WriteString("path", path);
        json.WriteString("sha256", sha256);
        json.WriteNumber("bytes", bytes);
        json.WriteBoolean("lfsPointer", lfsPointer);
        json.WriteEndObject();
    }
}
