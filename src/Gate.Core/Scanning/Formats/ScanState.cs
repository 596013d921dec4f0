namespace Gate.Core.Scanning;

/// <summary>Scan state of one stream of records: where it is, and where features go.</summary>
internal sealed class ScanState(FeatureExtractor extractor)
{
    public FeatureExtractor Extractor { get; } = extractor;

    public MaskBuffers Masks { get; } = new();

    /// <summary>Masks for <see cref="Scratch"/>, apart from the block's.</summary>
    public MaskBuffers ScratchMasks { get; } = new();

    /// <summary>The members of the record being hashed, when it is a CSV or TSV row.</summary>
    public ObjectMembers Members { get; } = new();

    /// <summary>The open objects and arrays of the JSON record being walked (<see cref="JsonCanonicalHash"/>).</summary>
    public List<JsonCanonicalHash.Frame> JsonFrames { get; } = [];

    private readonly List<ObjectMembers> _membersByDepth = [];

    /// <summary>The members of the object open at <paramref name="depth"/> of a JSON record, reused from record to record.</summary>
    public ObjectMembers MembersAt(int depth)
    {
        while (_membersByDepth.Count <= depth)
        {
            _membersByDepth.Add(new ObjectMembers());
        }

        return _membersByDepth[depth];
    }

    /// <summary>The bounded buffer a record's canonical bytes go through to be hashed (<see cref="CanonicalHashWriter"/>).</summary>
    public byte[] HashBuffer { get; } = new byte[extractor.CanonicalBufferBytes];

    /// <summary>The streaming hash of a member that outgrows <see cref="HashBuffer"/>.</summary>
    public System.IO.Hashing.XxHash128 HashStream { get; } = new();

    private byte[] _scratch = [];

    /// <summary>A reusable buffer of at least <paramref name="length"/> bytes (for a record rewritten before its tokens are counted).</summary>
    public Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, 2 * _scratch.Length)];
        }

        return _scratch.AsSpan(0, length);
    }

    /// <summary>Lines completed before the current block.</summary>
    public long Line { get; set; }
}
