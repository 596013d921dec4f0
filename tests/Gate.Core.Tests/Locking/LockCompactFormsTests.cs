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
}
