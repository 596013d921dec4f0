using System.Buffers;
using System.Text.Json;
using Gate.Core.IO;
using Gate.Core.Reports;
using Gate.Core.Scanning;

namespace Gate.Core.Locking;

/// <summary>Writes <c>gate.lock.json</c> deterministically (stable order, LF, no timestamps) and atomically.</summary>
internal static class LockFileWriter
{
    /// <summary>Pending bytes after which the writer flushes between datasets.</summary>
    private const int FlushAbove = 1 << 16;

    public static void WriteAtomically(LockFile lockFile, string path) => AtomicFile.Write(path, stream => Write(lockFile, stream));

    public static string WriteToString(LockFile lockFile) => JsonText.ToString(json => Write(lockFile, json));

    /// <summary>One entry as a lock holding only it writes it: two entries are the same when these texts are.</summary>
    public static string WriteToString(LockedDataset entry) => WriteToString(new LockFile([entry]));

    public static void Write(LockFile lockFile, Stream stream) => JsonText.Write(stream, json => Write(lockFile, json));

    private static void Write(LockFile lockFile, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("schema", LockFile.Schema);
        if (lockFile.Models.Count > 0)
        {
            WriteHubModels(json, lockFile.Models);
        }

        json.WriteStartArray("datasets");
        foreach (LockedDataset d in lockFile.Datasets.OrderBy(d => d.Path, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("path", d.Path);
            json.WriteString("kind", d.IsFolder ? "folder" : "file");
            json.WriteString("sha256", d.Sha256);
            WriteLineage(json, d.Lineage); // beside the digest: a reviewer reads what changed and whose data it is together
            json.WriteNumber("bytes", d.Bytes);
            if (d.Records is { } records) json.WriteNumber("records", records); else json.WriteNull("records");
            if (!IsPlainFile(d))
            {
                json.WriteStartArray("files");
                foreach (LockedFileDigest f in d.Files)
                {
                    Inline(json, null, w => JsonText.WriteFileDigest(w, f.Path, f.Sha256, f.Bytes, f.LfsPointer));
                }

                json.WriteEndArray();
            }

            if (d.Fingerprint is { } fp)
            {
                json.WriteStartObject("fingerprint");
                json.WriteNumber("version", fp.Version);
                json.WriteString("digest", fp.Digest);
                json.WriteString("recordSet", fp.RecordSet);
                Inline(json, "fields", w =>
                {
                    w.WriteStartArray();
                    foreach (string field in fp.Fields) w.WriteStringValue(field);
                    w.WriteEndArray();
                });
                Inline(json, "topNumeric", w =>
                {
                    w.WriteStartObject();
                    foreach (var (token, count) in fp.TopNumeric) w.WriteNumber(token, count);
                    w.WriteEndObject();
                });
                WriteMinHash(json, fp.MinHash);
                if (fp.OverlapRecords is { } overlap)
                {
                    json.WriteString("overlapRecords", overlap);
                }

                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("fingerprint");
            }

            Inline(json, "manifest", w => WriteFileValue(w, d.Manifest));
            Inline(json, "evidence", w =>
            {
                w.WriteStartArray();
                foreach (LockedFile e in d.Evidence)
                {
                    WriteFileValue(w, e);
                }

                w.WriteEndArray();
            });
            Inline(json, "reference", w => WriteFileValue(w, d.Reference));
            json.WriteEndObject();
            if (json.BytesPending > FlushAbove)
            {
                json.Flush(); // the writer would otherwise hold the whole lock (tens of MB for many datasets) until the end
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A file dataset whose one file is plain data: its "files" would repeat its path, digest and size, so the entry leaves it out.</summary>
    private static bool IsPlainFile(LockedDataset d) =>
        !d.IsFolder && d.Files is [{ LfsPointer: false } f] && f.Path == d.Path && f.Sha256 == d.Sha256 && f.Bytes == d.Bytes;

    private static void WriteLineage(Utf8JsonWriter json, LockedLineage lineage)
    {
        json.WriteStartObject("lineage");
        WriteModels(json, "teachers", lineage.Teachers);
        WriteModels(json, "students", lineage.Students);
        if (lineage.GeneratorField is { } g) json.WriteString("generatorField", g); else json.WriteNull("generatorField");
        json.WriteEndObject();
    }

    private static void WriteModels(Utf8JsonWriter json, string name, IReadOnlyList<LockedModel> models)
    {
        Inline(json, name, w =>
        {
            w.WriteStartArray();
            foreach (LockedModel m in models)
            {
                Inline(w, null, model =>
                {
                    model.WriteStartObject();
                    model.WriteString("id", m.Id);
                    Inline(model, "roots", roots =>
                    {
                        roots.WriteStartArray();
                        foreach (string r in m.Roots) roots.WriteStringValue(r);
                        roots.WriteEndArray();
                    });
                    model.WriteEndObject();
                });
            }

            w.WriteEndArray();
        });
    }

    /// <summary>The longest line (in UTF-8 bytes, so never more columns) a value is written on when it fits: a small dataset's entry stays near 1 KiB and reads line by line.</summary>
    internal const int InlineWidth = 160;

    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = VisibleJsonEncoder.Instance };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_compact;

    [ThreadStatic]
    private static Utf8JsonWriter? t_compactWriter;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_spaced;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_element;

    /// <summary>
    /// Writes the value <paramref name="write"/> makes (a property's, or an array element when
    /// <paramref name="name"/> is null) on one line, <c>{"id": "a", "roots": ["b"]}</c>, when that line
    /// fits in <see cref="InlineWidth"/> columns; otherwise indented as any other value.
    /// </summary>
    private static void Inline(Utf8JsonWriter json, string? name, Action<Utf8JsonWriter> write)
    {
        if (!json.Options.Indented)
        {
            // Already inside a value written on one line.
            if (name is not null) json.WritePropertyName(name);
            write(json);
            return;
        }

        // One buffer pair per thread, reused: a lock of 100,000 datasets writes a million such values.
        ArrayBufferWriter<byte> buffer = t_compact ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        Utf8JsonWriter compact = t_compactWriter ??= new Utf8JsonWriter(buffer, Compact);
        compact.Reset(buffer);
        write(compact);
        compact.Flush();
        ArrayBufferWriter<byte> spaced = t_spaced ??= new ArrayBufferWriter<byte>(256);
        spaced.ResetWrittenCount();
        Spaced(buffer.WrittenSpan, spaced);
        int indent = json.CurrentDepth * 2;
        int column = indent + (name is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(name) + 4);
        if (name is not null) json.WritePropertyName(name);
        if (column + spaced.WrittenCount + 1 > InlineWidth)
        {
            write(json); // may inline its parts, reusing the buffers (this value no longer needs them)
        }
        else if (name is not null)
        {
            json.WriteRawValue(spaced.WrittenSpan, skipInputValidation: true);
        }
        else
        {
            // An array's element: a raw value gets the separator but not the line break and indent an element has.
            ArrayBufferWriter<byte> element = t_element ??= new ArrayBufferWriter<byte>(256);
            element.ResetWrittenCount();
            Span<byte> start = element.GetSpan(1 + indent);
            start[0] = (byte)'\n';
            start.Slice(1, indent).Fill((byte)' ');
            element.Advance(1 + indent);
            element.Write(spaced.WrittenSpan);
            json.WriteRawValue(element.WrittenSpan, skipInputValidation: true);
        }
    }

    /// <summary>Compact JSON with a space after each ',' and ':' between tokens (never inside a string), into <paramref name="output"/>.</summary>
    private static void Spaced(ReadOnlySpan<byte> compact, ArrayBufferWriter<byte> output)
    {
        Span<byte> spaced = output.GetSpan(2 * compact.Length);
        int n = 0;
        bool inString = false;
        for (int i = 0; i < compact.Length; i++)
        {
            byte b = compact[i];
            spaced[n++] = b;
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    spaced[n++] = compact[++i]; // the escaped byte, whatever it is
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)',' or (byte)':')
            {
                spaced[n++] = (byte)' ';
            }
        }

        output.Advance(n);
    }

    /// <summary>Bins of the MinHash signature in a MinHash line: 32 bins (256 bytes, 344 base64 characters), so no line of the lock runs to kilobytes.</summary>
    internal const int MinHashBinsPerLine = 32;

    /// <summary>
    /// A small dataset's signature as its occupied bins ("17": "8800bc5cd6668ffa"; on one line when they fit);
    /// any other as lines of <see cref="MinHashBinsPerLine"/> bins, so that a pull request's diff of
    /// the lock stays readable and a lock of many small datasets stays small.
    /// </summary>
    private static void WriteMinHash(Utf8JsonWriter json, string minHash)
    {
        if (MinHashText.IsSparse(minHash))
        {
            Inline(json, "minhash", w =>
            {
                w.WriteStartObject();
                foreach (var (bin, value) in MinHashText.Occupied(minHash))
                {
                    w.WriteString(bin.ToString(System.Globalization.CultureInfo.InvariantCulture), value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
                }

                w.WriteEndObject();
            });
            return;
        }

        byte[] bytes = Convert.FromBase64String(minHash);
        json.WriteStartArray("minhash");
        for (int start = 0; start < bytes.Length; start += MinHashBinsPerLine * 8)
        {
            json.WriteStringValue(Convert.ToBase64String(bytes, start, Math.Min(MinHashBinsPerLine * 8, bytes.Length - start)));
        }

        json.WriteEndArray();
    }

    /// <summary>One model per entry, in id order, each with what the Hub said of it: a lineage change is a visible line in a pull request.</summary>
    private static void WriteHubModels(Utf8JsonWriter json, IReadOnlyList<LockedHubModel> models)
    {
        json.WriteStartArray("models");
        foreach (LockedHubModel m in models.Order(Comparer<LockedHubModel>.Create((a, b) => LockFileReader.HubModelOrder(a.Id, b.Id))))
        {
            json.WriteStartObject();
            json.WriteString("id", m.Id);
            json.WriteString("status", m.Status);
            if (m.Revision is { } revision) json.WriteString("revision", revision); else json.WriteNull("revision");
            json.WriteStartArray("bases");
            foreach (string b in m.Bases) json.WriteStringValue(b);
            json.WriteEndArray();
            if (m.Relation is { } relation) json.WriteString("relation", relation); else json.WriteNull("relation");
            if (m.RenamedTo is { } renamed) json.WriteString("renamedTo", renamed); else json.WriteNull("renamedTo");
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteFileValue(Utf8JsonWriter json, LockedFile? file)
    {
        if (file is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteString("path", file.Path);
        if (file.Sha256 is { } sha) json.WriteString("sha256", sha); else json.WriteNull("sha256");
        json.WriteEndObject();
    }
}
