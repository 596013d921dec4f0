namespace Gate.Core.Scanning;

/// <summary>
/// The members of a JSON object (or a CSV row) as readers keep them, for the record's hash: a
/// key written twice keeps its last value (Python's json, pandas and the datasets library all do
/// that), so <c>{"text":"a","text":"a"}</c> is the record <c>{"text":"a"}</c> and not another one.
/// Members are held as hashes of their key and of the whole member; reused from record to record.
/// </summary>
internal sealed class ObjectMembers
{
    /// <summary>Up to this many members a key is looked up by a scan; above it, through an index.</summary>
    private const int ScannedKeys = 32;

    private UInt128[] _keys = new UInt128[8];
    private UInt128[] _members = new UInt128[8];
    private UInt128[] _loose = new UInt128[8];
    private bool[] _inLoose = new bool[8];
    private Dictionary<UInt128, int>? _index;

    /// <summary>The hash of an object without members, <c>{}</c>.</summary>
    public static UInt128 EmptyHash { get; } = Mix(0, 0);

    /// <summary>Members kept: distinct keys.</summary>
    public int Count { get; private set; }

    /// <summary>The sum of the kept members' hashes (their order does not matter).</summary>
    public UInt128 Sum { get; private set; }

    /// <summary>The sum and count of the members' overlap hashes (GATE007's view, which may leave some members out).</summary>
    private UInt128 _looseSum;
    private int _looseCount;

    /// <summary>The object's hash: the sum and the count of its members, mixed once more, so an object is never a reordering of another's members.</summary>
    public UInt128 Hash() => Mix(Sum, Count);

    /// <summary>The object's overlap hash: as <see cref="Hash"/>, over the members' overlap hashes, without the members left out of it.</summary>
    public UInt128 LooseHash() => Mix(_looseSum, _looseCount);

    public void Clear()
    {
        Count = 0;
        Sum = 0;
        _looseSum = 0;
        _looseCount = 0;
        _index = null;
    }

    /// <summary>Keeps <paramref name="member"/> as the value of <paramref name="key"/>, in place of any earlier one; its overlap hash is the same.</summary>
    public void Set(UInt128 key, UInt128 member) => Set(key, member, member);

    /// <summary>
    /// Keeps <paramref name="member"/> as the value of <paramref name="key"/>, in place of any earlier
    /// one, with its overlap hash (null: the member is left out of the overlap hash).
    /// </summary>
    public void Set(UInt128 key, UInt128 member, UInt128? loose)
    {
        int at = IndexOf(key);
        if (at >= 0)
        {
            Sum = Sum - _members[at] + member;
            _members[at] = member;
            if (_inLoose[at])
            {
                _looseSum -= _loose[at];
                _looseCount--;
            }

            SetLoose(at, loose);
            return;
        }

        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, 2 * Count);
            Array.Resize(ref _members, 2 * Count);
            Array.Resize(ref _loose, 2 * Count);
            Array.Resize(ref _inLoose, 2 * Count);
        }

        _keys[Count] = key;
        _members[Count] = member;
        SetLoose(Count, loose);
        Sum += member;
        if (_index is not null)
        {
            _index[key] = Count;
        }
        else if (Count + 1 > ScannedKeys)
        {
            _index = new Dictionary<UInt128, int>(2 * ScannedKeys);
            for (int i = 0; i <= Count; i++)
            {
                _index[_keys[i]] = i;
            }
        }

        Count++;
    }

    private void SetLoose(int at, UInt128? loose)
    {
        _inLoose[at] = loose.HasValue;
        if (loose is { } value)
        {
            _loose[at] = value;
            _looseSum += value;
            _looseCount++;
        }
    }

    private static UInt128 Mix(UInt128 sum, long count)
    {
        Span<byte> total = stackalloc byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(total, sum);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(total[16..], count);
        total[24] = (byte)'{';
        return System.IO.Hashing.XxHash128.HashToUInt128(total);
    }

    private int IndexOf(UInt128 key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out int at) ? at : -1;
        }

        return Array.IndexOf(_keys, key, 0, Count);
    }
}
