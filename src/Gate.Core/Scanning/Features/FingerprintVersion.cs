namespace Gate.Core.Scanning;

/// <summary>The fingerprint format version; a change in any feature's definition bumps it (and invalidates locks' fingerprints, not their digests).</summary>
public static class FingerprintVersion
{
    /// <summary>
    /// 1: first release. 2: the token hash of the AVX-512 path (token and pair sketches).
    /// 3: <c>\u</c> escapes of text characters count as the characters (token and pair sketches,
    /// escaped digits in the numeric histogram); JSON keys and generator values are read unescaped.
    /// </summary>
    public const int Current = 3;

    /// <summary>The first version whose record hashes (record-set digest, MinHash) are today's: fingerprints from it on compare by record.</summary>
    public const int RecordHashesSince = 1;
}
