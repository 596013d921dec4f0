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
                    JsonText.WriteFileDigest(json, f.Path, f.Sha256, f.Bytes, f.LfsPointer);
                }

                json.WriteEndArray();
            }

            if (d.Fingerprint is { } fp)
            {
                json.WriteStartObject("fingerprint");
                json.WriteNumber("version", fp.Version);
                json.WriteString("digest", fp.Digest);
                json.WriteString("recordSet", fp.RecordSet);
                json.WriteStartArray("fields");
                foreach (string field in fp.Fields) json.WriteStringValue(field);
                json.WriteEndArray();
                json.WriteStartObject("topNumeric");
                foreach (var (token, count) in fp.TopNumeric) json.WriteNumber(token, count);
                json.WriteEndObject();
                WriteMinHash(json, fp.MinHash);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("fingerprint");
            }

            WriteFile(json, "manifest", d.Manifest);
            json.WriteStartArray("evidence");
            foreach (LockedFile e in d.Evidence)
            {
                WriteFileValue(json, e);
            }

            json.WriteEndArray();
            WriteFile(json, "reference", d.Reference);
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
        json.WriteStartArray(name);
        foreach (LockedModel m in models)
        {
            json.WriteStartObject();
            json.WriteString("id", m.Id);
            json.WriteStartArray("roots");
            foreach (string r in m.Roots) json.WriteStringValue(r);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Bins of the MinHash signature in a MinHash line: 32 bins (256 bytes, 344 base64 characters), so no line of the lock runs to kilobytes.</summary>
    internal const int MinHashBinsPerLine = 32;

    /// <summary>
    /// A small dataset's signature as its occupied bins, one per line ("17": "8800bc5cd6668ffa");
    /// any other as lines of <see cref="MinHashBinsPerLine"/> bins, so that a pull request's diff of
    /// the lock stays readable and a lock of many small datasets stays small.
    /// </summary>
    private static void WriteMinHash(Utf8JsonWriter json, string minHash)
    {
        if (MinHashText.IsSparse(minHash))
        {
            json.WriteStartObject("minhash");
            foreach (var (bin, value) in MinHashText.Occupied(minHash))
            {
                json.WriteString(bin.ToString(System.Globalization.CultureInfo.InvariantCulture), value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            }

            json.WriteEndObject();
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

    private static void WriteFile(Utf8JsonWriter json, string name, LockedFile? file)
    {
        if (file is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WritePropertyName(name);
        WriteFileValue(json, file);
    }

    private static void WriteFileValue(Utf8JsonWriter json, LockedFile file)
    {
        json.WriteStartObject();
        json.WriteString("path", file.Path);
        if (file.Sha256 is { } sha) json.WriteString("sha256", sha); else json.WriteNull("sha256");
        json.WriteEndObject();
    }
}
