using System.Globalization;
using System.Text.Json;
using Gate.Core.Diagnostics;
using Gate.Core.Scanning;

namespace Gate.Core.Reports;

/// <summary>What <c>gate fingerprint</c> prints: text for people, or JSON (<c>gate-fingerprint/1</c>).</summary>
public static class FingerprintWriter
{
    public static string ToText(IEnumerable<DatasetFingerprint> fingerprints)
    {
        var text = new System.Text.StringBuilder();
        foreach (DatasetFingerprint fp in fingerprints)
        {
            text.Append(CultureInfo.InvariantCulture, $"{E(fp.Path)}\n  sha256     {fp.Sha256}\n  bytes      {fp.Bytes}\n");
            if (fp.Files.Count > 1 || fp.Files[0].Path != fp.Path || fp.Files[0].IsLfsPointer)
            {
                foreach (FileDigest file in fp.Files)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  file       {file.Sha256}  {E(file.Path)} ({file.Bytes} bytes{(file.IsLfsPointer ? ", Git LFS pointer" : string.Empty)})\n");
                }
            }

            if (fp.Features is { } f)
            {
                text.Append(CultureInfo.InvariantCulture, $"  records    {f.Records}\n  record set {f.RecordSetDigest}\n  fields     {E(string.Join(", ", f.Fields))}\n");
                text.Append(CultureInfo.InvariantCulture, $"  numeric    {string.Join(", ", f.TopNumeric(10).Select(t => $"\"{t.Token}\" {t.Count}"))}\n");
                text.Append(CultureInfo.InvariantCulture, $"  features   v{fp.Version} {f.Digest()}\n");
            }
            else
            {
                text.Append("  content    not present (Git LFS pointer): features unavailable\n");
            }
        }

        return text.ToString();
    }

    private static string E(string text) => VisibleText.Escape(text);

    public static string ToJson(IEnumerable<DatasetFingerprint> fingerprints) => JsonText.ToString(json => WriteJson(json, fingerprints));

    private static void WriteJson(Utf8JsonWriter json, IEnumerable<DatasetFingerprint> fingerprints)
    {
        json.WriteStartObject();
        json.WriteString("schema", "gate-fingerprint/1");
        json.WriteStartArray("datasets");
        foreach (DatasetFingerprint fp in fingerprints)
        {
            json.WriteStartObject();
            json.WriteString("path", fp.Path);
            json.WriteNumber("version", fp.Version);
            json.WriteString("sha256", fp.Sha256);
            json.WriteNumber("bytes", fp.Bytes);
            json.WriteStartArray("files");
            foreach (FileDigest file in fp.Files)
            {
                JsonText.WriteFileDigest(json, file.Path, file.Sha256, file.Bytes, file.IsLfsPointer);
            }

            json.WriteEndArray();
            if (fp.Features is { } f)
            {
                json.WriteNumber("records", f.Records);
                json.WriteString("recordSet", f.RecordSetDigest);
                json.WriteString("digest", f.Digest());
                json.WriteStartArray("fields");
                foreach (string field in f.Fields) json.WriteStringValue(field);
                json.WriteEndArray();
                json.WriteStartObject("numeric");
                for (int bin = 0; bin < ContentFeatures.NumericBins; bin++)
                {
                    if (f.Numeric[bin] > 0) json.WriteNumber(ContentFeatures.NumericToken(bin), f.Numeric[bin]);
                }

                json.WriteEndObject();
                json.WriteNumber("tokens", f.Tokens.Sum());
                json.WriteNumber("tokenPairs", f.Bigrams.Sum());
                json.WriteString("minhash", f.MinHashBase64);
            }
            else
            {
                json.WriteNull("records");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
