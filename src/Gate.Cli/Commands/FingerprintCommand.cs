using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Gate.Core.Reports;
using Gate.Core.Scanning;

namespace Gate.Cli.Commands;

/// <summary><c>gate fingerprint PATH… [--json]</c>: prints the fingerprints of files or folders of shards.</summary>
internal static class FingerprintCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Data files or folders of shards.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema gate-fingerprint/1) instead of text." };
        var threads = ThreadsOption.Create();
        var command = new Command("fingerprint", "Print the fingerprint of each dataset: SHA-256, bytes, records, record-set digest, fields, numeric tokens, MinHash.")
        {
            paths, json, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var results = new List<DatasetFingerprint>();
            using (ScanProgress? progress = ScanProgress.ForConsole(parse.InvocationConfiguration.Error))
            {
                ScanOptions options = ThreadsOption.ScanOptions(parse.GetValue(threads), progress);
                foreach (string path in parse.GetValue(paths)!)
                {
                    results.Add(DatasetScanner.ScanPath(path, options, cancellationToken));
                }
            }

            TextWriter stdout = parse.InvocationConfiguration.Output;
            stdout.Write(parse.GetValue(json) ? Json(results) : Text(results));
            return Task.FromResult(ExitCodes.Pass);
        });
        return command;
    }

    private static string Text(IEnumerable<DatasetFingerprint> fingerprints)
    {
        var text = new System.Text.StringBuilder();
        foreach (DatasetFingerprint fp in fingerprints)
        {
            text.Append(CultureInfo.InvariantCulture, $"{fp.Path}\n  sha256     {fp.Sha256}\n  bytes      {fp.Bytes}\n");
            if (fp.Files.Count > 1 || fp.Files[0].Path != fp.Path || fp.Files[0].IsLfsPointer)
            {
                foreach (FileDigest file in fp.Files)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  file       {file.Sha256}  {file.Path} ({file.Bytes} bytes{(file.IsLfsPointer ? ", Git LFS pointer" : string.Empty)})\n");
                }
            }

            if (fp.Features is { } f)
            {
                text.Append(CultureInfo.InvariantCulture, $"  records    {f.Records}\n  record set {f.RecordSetDigest}\n  fields     {string.Join(", ", f.Fields)}\n");
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

    private static string Json(IEnumerable<DatasetFingerprint> fingerprints)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonReportWriter.Options))
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
                    json.WriteStartObject();
                    json.WriteString("path", file.Path);
                    json.WriteString("sha256", file.Sha256);
                    json.WriteNumber("bytes", file.Bytes);
                    json.WriteBoolean("lfsPointer", file.IsLfsPointer);
                    json.WriteEndObject();
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

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
