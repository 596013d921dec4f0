using System.Text.Json;
using Gate.Core.IO;
using Gate.Core.Scanning;

namespace Gate.Core.Sharding;

/// <summary>
/// Writes a <see cref="ShardPart"/> as compact JSON (a machine's file, passed between jobs), atomically.
/// Counts are written sparsely, as flat [bin, count, …] arrays of the bins that are not zero; record
/// hashes (a check's) as base64 of their little-endian bytes, each record's generator as the base64
/// of little-endian int32 positions in the file's generator list (-1: none).
/// </summary>
internal static class ShardPartWriter
{
    private const int FlushAbove = 1 << 16;

    public static void WriteAtomically(ShardPart part, string path) => AtomicFile.Write(path, stream => Write(part, stream));

    public static void Write(ShardPart part, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = Reports.VisibleJsonEncoder.Instance });
        json.WriteStartObject();
        json.WriteString("schema", ShardPart.Schema);
        json.WriteString("gate", part.GateVersion);
        json.WriteNumber("fingerprintVersion", part.FingerprintVersion);
        json.WriteString("purpose", part.Purpose == ShardPurpose.Lock ? "lock" : "check");
        json.WriteString("plan", part.Plan);
        json.WriteNumber("shard", part.Shard.Index);
        json.WriteNumber("shards", part.Shard.Count);
        json.WriteStartArray("files");
        foreach (PartFile file in part.Files)
        {
            WriteFile(json, file);
            if (json.BytesPending > FlushAbove)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteFile(Utf8JsonWriter json, PartFile file)
    {
        FileDigest digest = file.Digest;
        json.WriteStartObject();
        json.WriteString("owner", file.Owner);
        json.WriteBoolean("reference", file.IsReference);
        json.WriteString("path", digest.Path);
        json.WriteString("sha256", digest.Sha256);
        json.WriteNumber("bytes", digest.Bytes);
        json.WriteBoolean("lfsPointer", digest.IsLfsPointer);
        if (file.Features is not { } f)
        {
            json.WriteNull("features");
            json.WriteEndObject();
            return;
        }

        json.WriteStartObject("features");
        json.WriteNumber("records", f.Records);
        json.WriteString("recordSum", $"{f.SumHigh:x16}{f.SumLow:x16}");
        json.WriteStartArray("fields");
        foreach (string field in f.Fields)
        {
            json.WriteStringValue(field);
        }

        json.WriteEndArray();
        WriteCounts(json, "numeric", f.Numeric);
        WriteCounts(json, "tokens", f.Tokens);
        WriteCounts(json, "bigrams", f.Bigrams);
        json.WriteString("minhash", f.MinHash);
        json.WriteStartArray("generators");
        foreach (var (value, count) in f.Generators)
        {
            json.WriteStartObject();
            json.WriteString("value", value);
            json.WriteNumber("count", count.Count);
            json.WriteString("file", count.FirstFile);
            json.WriteNumber("line", count.FirstLine);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (f.Missing is { } gap)
        {
            json.WriteStartObject("generatorMissing");
            json.WriteNumber("count", gap.Count);
            json.WriteString("what", gap.What);
            json.WriteString("file", gap.FirstFile);
            json.WriteNumber("line", gap.FirstLine);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("generatorMissing");
        }

        if (f.RecordHashes is { } hashes)
        {
            json.WriteBase64String("recordHashes", System.Runtime.InteropServices.MemoryMarshal.AsBytes(hashes.AsSpan()));
        }
        else
        {
            json.WriteNull("recordHashes");
        }

        if (f.RecordGenerators is { } positions)
        {
            json.WriteBase64String("recordGenerators", System.Runtime.InteropServices.MemoryMarshal.AsBytes(positions.AsSpan()));
        }
        else
        {
            json.WriteNull("recordGenerators");
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyList<(int Bin, long Count)> counts)
    {
        json.WriteStartArray(name);
        foreach (var (bin, count) in counts)
        {
            json.WriteNumberValue(bin);
            json.WriteNumberValue(count);
        }

        json.WriteEndArray();
    }
}
