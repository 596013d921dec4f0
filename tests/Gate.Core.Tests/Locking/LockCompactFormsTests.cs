using System.Text;
using Gate.Core.Diagnostics;
using Gate.Core.Locking;
using Gate.Core.Scanning;

namespace Gate.Core.Tests.Locking;

/// <summary>
/// A lock of many small datasets stays small: a small dataset's MinHash is written as its occupied
/// bins, and a plain file dataset leaves out its "files". Each form reads back as the one signature
/// and file it stands for, earlier locks' forms read as the same, and a hand-made form is GATE112.
/// </summary>
public sealed class LockCompactFormsTests
{
    private static ulong[] Signature(int occupied)
    {
        var bins = new ulong[MinHashKernels.Bins];
        Array.Fill(bins, MinHashKernels.Empty);
        for (int i = 0; i < occupied; i++)
        {
            bins[(i * 37) % MinHashKernels.Bins] = 0x0123456789abcdefUL + (ulong)i;
        }

        return bins;
    }

    private static LockedDataset Entry(string minhash, LockedFileDigest[]? files = null) =>
        new("data/a.jsonl", false, new string('a', 64), 10, 2,
            files ?? [new LockedFileDigest("data/a.jsonl", new string('a', 64), 10, false)],
            new LockedFingerprint(FingerprintVersion.Current, new string('b', 64), new string('c', 32), ["x"], [new("087", 3)], minhash),
            null, [], null, new LockedLineage([], [], null));

    private static LockFile Read(string text) => LockFileReader.Read(Encoding.UTF8.GetBytes(text), "gate.lock.json");

    private static InputError Refused(string text) =>
        Assert.Single(Assert.Throws<GateInputException>(() => Read(text)).Errors);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(MinHashText.SparseBelow - 1)]
    [InlineData(MinHashText.SparseBelow)]
    [InlineData(MinHashKernels.Bins)]
    public void Every_signature_has_one_text_that_reads_back_as_its_bins(int occupied)
    {
        ulong[] bins = Signature(occupied);
        string text = MinHashText.Of(bins);

        Assert.Equal(occupied < MinHashText.SparseBelow, MinHashText.IsSparse(text));
        Assert.Equal(bins, MinHashText.Bins(text));
        string written = LockFileWriter.WriteToString(new LockFile([Entry(text)]));
        Assert.Equal(text, Read(written).Datasets[0].Fingerprint!.MinHash);
        Assert.Equal(written, LockFileWriter.WriteToString(Read(written)));
        Assert.Equal(occupied < MinHashText.SparseBelow, written.Contains("\"minhash\": {", StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_signature_written_as_all_bins_by_an_earlier_gate_reads_as_the_same_signature()
    {
        ulong[] bins = Signature(5);
        string sparse = LockFileWriter.WriteToString(new LockFile([Entry(MinHashText.Of(bins))]));
        int start = sparse.IndexOf("\"minhash\": {", StringComparison.Ordinal);
        int end = sparse.IndexOf('}', start) + 1;
        var dense = new ContentFeatures();
        bins.CopyTo(dense.MinHash, 0);
        string legacyString = sparse[..start] + $"\"minhash\": \"{dense.MinHashBase64}\"" + sparse[end..];

        Assert.Equal(MinHashText.Of(bins), Read(legacyString).Datasets[0].Fingerprint!.MinHash);
        Assert.Equal(sparse, LockFileWriter.WriteToString(Read(legacyString)));
    }

    [Fact]
    public void A_plain_file_leaves_out_its_files_and_reads_back_with_them()
    {
        string written = LockFileWriter.WriteToString(new LockFile([Entry(MinHashText.Of(Signature(3)))]));

        Assert.DoesNotContain("\"files\"", written, StringComparison.Ordinal);
        LockedDataset read = Read(written).Datasets[0];
        LockedFileDigest file = Assert.Single(read.Files);
        Assert.Equal(("data/a.jsonl", new string('a', 64), 10L, false), (file.Path, file.Sha256, file.Bytes, file.LfsPointer));
    }

    [Fact]
    public void A_git_lfs_pointer_keeps_its_files_so_the_lock_says_it_was_a_pointer()
    {
        LockedDataset pointer = Entry(MinHashText.Of(Signature(3)), [new LockedFileDigest("data/a.jsonl", new string('a', 64), 10, true)]);
        string written = LockFileWriter.WriteToString(new LockFile([pointer]));

        Assert.Contains("\"lfsPointer\": true", written, StringComparison.Ordinal);
        Assert.True(Assert.Single(Read(written).Datasets[0].Files).LfsPointer);
    }

    [Fact]
    public void A_folder_without_files_is_refused()
    {
        string written = LockFileWriter.WriteToString(new LockFile([Entry(MinHashText.Of(Signature(3)))]))
            .Replace("\"kind\": \"file\"", "\"kind\": \"folder\"", StringComparison.Ordinal);

        Assert.Contains("has no \"files\"", Refused(written).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"7\": \"0123456789abcdef\", \"3\": \"0123456789abcdef\"", "out of order")]
    [InlineData("\"007\": \"0123456789abcdef\"", "not a bin number")]
    [InlineData("\"256\": \"0123456789abcdef\"", "not a bin number")]
    [InlineData("\"-1\": \"0123456789abcdef\"", "not a bin number")]
    [InlineData("\" 1\": \"0123456789abcdef\"", "not a bin number")]
    [InlineData("\"1\": \"0123456789ABCDEF\"", "16 lowercase hex")]
    [InlineData("\"1\": \"ffffffffffffffff\"", "16 lowercase hex")]
    [InlineData("\"1\": \"0123456789abcde\"", "16 lowercase hex")]
    [InlineData("\"1\": 12345", "not a string")]
    public void A_hand_made_occupied_bins_form_is_refused(string bins, string expected)
    {
        string written = LockFileWriter.WriteToString(new LockFile([Entry(MinHashText.Of(Signature(1)))]));
        int start = written.IndexOf("\"minhash\": {", StringComparison.Ordinal);
        int end = written.IndexOf('}', start) + 1;
        string edited = written[..start] + "\"minhash\": {" + bins + "}" + written[end..];

        InputError error = Refused(edited);
        Assert.Equal(InputErrorKind.InvalidLock, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_files_entry_without_its_fingerprint_is_refused()
    {
        string written = LockFileWriter.WriteToString(new LockFile([Entry(MinHashText.Of(Signature(3)))]));
        int start = written.IndexOf("\"records\": 2", StringComparison.Ordinal);
        int fingerprint = written.IndexOf("\"fingerprint\": {", StringComparison.Ordinal);
        int end = written.IndexOf("\"manifest\"", StringComparison.Ordinal);
        string edited = written[..start] + "\"records\": null,\n      " + written[(start + "\"records\": 2,".Length)..fingerprint].TrimStart() + "\"fingerprint\": null,\n      " + written[end..];

        InputError error = Refused(edited);
        Assert.Contains("always holds its records and fingerprint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_that_is_not_valid_text_is_refused_not_a_crash()
    {
        string written = LockFileWriter.WriteToString(new LockFile([Entry(MinHashText.Of(Signature(3)))]))
            .Replace("\"x\"", "\"\\udc00x\"", StringComparison.Ordinal);

        InputError error = Refused(written);
        Assert.Equal(InputErrorKind.InvalidLock, error.Kind);
        Assert.Contains("not valid text", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Values that fit on a line of 160 columns are written on one, with a space after each ',' and
    /// ':' between tokens, never inside a string: names holding quotes, backslashes, commas, colons,
    /// escaped and non-ASCII characters read back as written, and the layout is the writer's alone.
    /// </summary>
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b: \"c\"", "a, b: \"c\"")]
    [InlineData("back\\slash\\\",:", "x")]
    [InlineData("<&+ \u2028 é 🦉 \u0007", "x")]
    public void One_line_values_read_back_as_written_whatever_their_names_hold(string name, string file)
    {
        // A field (a key of the data) may hold anything; a path only what a path may (others are GATE112).
        var entry = new LockedDataset($"data/{file}.jsonl", false, new string('a', 64), 10, 2,
            [new LockedFileDigest($"data/{file}.jsonl", new string('a', 64), 10, false)],
            new LockedFingerprint(FingerprintVersion.Current, new string('b', 64), new string('c', 32), [name, "x"], [new("087", 3), new("1", 2)], MinHashText.Of(Signature(3))),
            new LockedFile($"data/{file}.lineage.yaml", new string('d', 64)), [new LockedFile($"ev/{file}.json", new string('e', 64))], null,
            new LockedLineage([new LockedModel("acme/teacher", ["base/root"])], [new LockedModel("acme/student", ["base/root", "other/root"])], name));

        string written = LockFileWriter.WriteToString(new LockFile([entry]));
        LockFile read = Read(written);

        Assert.Equal(written, LockFileWriter.WriteToString(read));
        Assert.Equal([name, "x"], read.Datasets[0].Fingerprint!.Fields);
        Assert.Equal(name, read.Datasets[0].Lineage.GeneratorField);
        Assert.Equal($"data/{file}.lineage.yaml", read.Datasets[0].Manifest!.Path);
        Assert.Equal($"ev/{file}.json", Assert.Single(read.Datasets[0].Evidence).Path);
        Assert.Contains("        \"teachers\": [{\"id\": \"acme/teacher\", \"roots\": [\"base/root\"]}],\n", written, StringComparison.Ordinal);
        Assert.Contains("        \"topNumeric\": {\"087\": 3, \"1\": 2},\n", written, StringComparison.Ordinal);
        Assert.All(written.Split('\n'), line => Assert.True(line.Length <= LockFileWriter.InlineWidth || !line.Contains("{\"", StringComparison.Ordinal), line));
    }

    [Fact]
    public void A_value_too_long_for_one_line_is_indented_and_its_elements_each_take_a_line()
    {
        // Six teachers do not fit on one line, nor three files; each does, on a line of its own.
        LockedModel[] teachers = [.. Enumerable.Range(0, 6).Select(i => new LockedModel($"acme/teacher-with-a-long-name-{i}", ["base/root"]))];
        var entry = new LockedDataset("data/a", true, new string('a', 64), 30, 6,
            [.. "def".Select(c => new LockedFileDigest($"data/a/{c}.jsonl", new string(c, 64), 10, false))],
            new LockedFingerprint(FingerprintVersion.Current, new string('b', 64), new string('c', 32), ["x"], [new("087", 3)], MinHashText.Of(Signature(3))),
            null, [], null, new LockedLineage(teachers, [], null));

        string written = LockFileWriter.WriteToString(new LockFile([entry]));

        Assert.Contains("        \"teachers\": [\n          {\"id\": \"acme/teacher-with-a-long-name-0\", \"roots\": [\"base/root\"]},\n          {\"id\": \"acme/teacher-with-a-long-name-1\", ", written, StringComparison.Ordinal);
        Assert.Contains("\"roots\": [\"base/root\"]}\n        ],\n", written, StringComparison.Ordinal);
        // A folder's files, one to a line.
        Assert.Contains($"      \"files\": [\n        {{\"path\": \"data/a/d.jsonl\", \"sha256\": \"{new string('d', 64)}\", \"bytes\": 10, \"lfsPointer\": false}},\n        {{\"path\": \"data/a/e.jsonl\"", written, StringComparison.Ordinal);
        Assert.All(written.Split('\n'), line => Assert.True(line.Length <= LockFileWriter.InlineWidth, line));
        Assert.Equal(written, LockFileWriter.WriteToString(Read(written)));
    }
}
