namespace Gate.Core.Scanning;

/// <summary>The fingerprint format version; a change in any feature's definition bumps it (and invalidates locks' fingerprints, not their digests).</summary>
public static class FingerprintVersion
{
    /// <summary>
    /// 1: first release. 2: the token hash of the AVX-512 path (token and pair sketches).
    /// 3: <c>\u</c> escapes of text characters count as the characters (token and pair sketches,
    /// escaped digits in the numeric histogram); JSON keys and generator values are read unescaped.
    /// 4: a JSON record is hashed as JSON readers read it (whitespace outside strings, string escapes
    /// and the order of top-level members do not change it), in the record-set digest and the MinHash;
    /// a generator field is read at the top level of a record, and records that name none are counted.
    /// 5: a key written twice in a JSON record keeps its last value; a CSV or TSV row is hashed as the
    /// JSON object of the header's names and its cells' text, whatever the quoting and column order.
    /// 6: the order of members does not count at any depth of a JSON record, nor how a number is
    /// written (<c>0.5</c>, <c>5e-1</c>, <c>0.50</c>; <c>1</c>, <c>1.0</c>), and every record is
    /// checked against the JSON grammar.
    /// 7: Parquet is read by Apache Arrow's reader and its values written from the stored bytes:
    /// nanosecond timestamps and times keep nine digits, a timestamp before 1970 is floored, INT96 is
    /// a naive nanosecond timestamp, UUIDs are their stored bytes in order, FLOAT16 is read, and dates
    /// outside years 1–9999 are written (docs/scanner.md). Other formats read as in version 6.
    /// </summary>
    public const int Current = 7;

    /// <summary>The first version that reads Parquet as today: an older fingerprint of a Parquet dataset is stale, and GATE006 says to re-lock.</summary>
    public const int ParquetReadingSince = 7;
}
