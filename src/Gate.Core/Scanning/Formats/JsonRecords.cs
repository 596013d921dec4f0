namespace Gate.Core.Scanning;

/// <summary>
/// One JSON record at a time, as the JSON formats (JSON Lines, a JSON array, a Parquet row's
/// canonical JSON) read it: escapes and keys are masked out of the token bits, keys become fields,
/// the generator field's values at the record's top level are recorded, and the record is checked
/// against the JSON grammar and hashed (<see cref="JsonCanonicalHash"/>).
/// </summary>
internal static class JsonRecords
{
    /// <summary>
    /// One JSON record in [s, e), which must be an object (anything else is GATE111): string escapes
    /// are masked out of the token bits, keys become fields (and are not counted as text), the
    /// generator field's value is recorded. A record with
    /// <c>\u</c> escapes of text characters has its tokens counted in its decoded text (<see cref="JsonEscapes"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Scan(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state, long line)
    {
        (s, e) = RecordScanner.Trim(data, s, e);
        if (s == e)
        {
            return;
        }

        if (data[s] != (byte)'{')
        {
            // Loaders read records as objects only, and the datasets library reads a JSON Lines file
            // that starts with '[' as one JSON array of records: Gate would count one record where a
            // loader trains on many.
            throw new CorruptDataException(
                data[s] == (byte)'['
                    ? "a record that is a JSON array, not an object; a loader reads a JSON Lines file that starts with '[' as one array of records: write one object per line, or name the file .json"
                    : "a record that is not a JSON object; loaders read each record as an object of fields",
                line);
        }

        bool escapes = BitScan.NextSet(masks.Backslash, s, e) < e;
        bool textEscapes = escapes && MaskEscapes(data, masks, s, e, line);
        FeatureExtractor extractor = state.Extractor;
        string? generatorGap = MaskKeys(data, masks, s, e, line, extractor, escapes);
        if (data[e - 1] != (byte)'}')
        {
            throw new CorruptDataException("the record starts with '{' but does not end with '}': the file is truncated or the record is malformed", line);
        }

        if (generatorGap is not null)
        {
            extractor.AddGeneratorMissing(generatorGap, line);
        }

        if (textEscapes)
        {
            AddDecodedTokens(data, masks.Backslash, s, e, state, line);
        }
        else
        {
            extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
        }

        // Always walked: the grammar check is what keeps Gate reading each line as a loader does.
        bool overlap = extractor.HashesOverlap;
        var (hash, loose) = JsonCanonicalHash.Walk(data, masks.Quote, s, e, state, line, extractor.HashesRecords, overlap, extractor.OverlapIgnoredKeys, escapes);
        if (overlap)
        {
            extractor.AddRecordHash(hash, loose);
        }
        else if (extractor.HashesRecords)
        {
            extractor.AddRecordHash(hash);
        }
    }

    /// <summary>Clears escape sequences from the token bits and escaped quotes from the quote bits; returns whether a <c>\u</c> escape stands for a token character.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool MaskEscapes(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, long line)
    {
        bool textEscapes = false;
        for (int p = BitScan.NextSet(masks.Backslash, s, e); p < e; p = BitScan.NextSet(masks.Backslash, p + 2, e))
        {
            if (p + 1 >= e)
            {
                throw new CorruptDataException("a backslash escape is cut off at the end of the record", line);
            }

            bool unicode = data[p + 1] == (byte)'u';
            textEscapes |= unicode && JsonEscapes.IsTextEscape(data[..e], p);
            BitScan.ClearRange(masks.Token, p + 1, Math.Min(e, unicode ? p + 6 : p + 2));
            BitScan.ClearRange(masks.Quote, p + 1, p + 2);
        }

        return textEscapes;
    }

    /// <summary>
    /// Clears keys from the token bits; with an extractor, keys become fields and the generator
    /// field's values at the top level of the record are recorded (unescaped, if the record has
    /// <paramref name="escapes"/>). Returns, when the extractor asks for a generator field and the
    /// record does not name one (the key is absent at the top level, or a value there is empty or
    /// not a string), what it holds instead; null otherwise.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static string? MaskKeys(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, long line, FeatureExtractor? extractor, bool escapes)
    {
        byte[]? generator = extractor?.GeneratorField;
        bool named = false;
        string? problem = null;
        int depth = 0, counted = s; // with a generator field: the nesting depth at 'counted', the end of the last string
        for (int open = BitScan.NextSet(masks.Quote, s, e); open < e;)
        {
            int close = BitScan.NextSet(masks.Quote, open + 1, e);
            if (close >= e)
            {
                throw new CorruptDataException("a string is not terminated on its line: the file is truncated, or the record spans an unescaped line break (JSON Lines records never do)", line);
            }

            if (generator is not null)
            {
                depth += Depth(data[counted..open]); // between two strings: brackets there are structure
                counted = close + 1;
            }

            int after = close + 1;
            while (after < e && RecordScanner.IsSpace(data[after]))
            {
                after++;
            }

            if (after < e && data[after] == (byte)':')
            {
                BitScan.ClearRange(masks.Token, open + 1, close);
                if (extractor is not null)
                {
                    ReadOnlySpan<byte> key = data[(open + 1)..close];
                    if (escapes && BitScan.NextSet(masks.Backslash, open + 1, close) < close)
                    {
                        key = JsonEscapes.StringText(key);
                    }

                    extractor.AddField(key);
                    if (depth == 1 && generator is not null && key.SequenceEqual(generator))
                    {
                        if (GeneratorValue(data, masks, after, e, line, extractor) is { } wrong)
                        {
                            problem ??= wrong;
                        }
                        else
                        {
                            named = true;
                        }
                    }
                }
            }

            open = BitScan.NextSet(masks.Quote, close + 1, e);
        }

        return generator is null ? null : problem ?? (named ? null : $"no '{extractor!.GeneratorFieldName}' key at the top level");
    }

    /// <summary>The change of nesting depth over JSON text that holds no string (between two strings of a record).</summary>
    private static int Depth(ReadOnlySpan<byte> text)
    {
        int depth = 0;
        for (int i = text.IndexOfAny("{}[]"u8); i >= 0; i = text.IndexOfAny("{}[]"u8))
        {
            depth += text[i] is (byte)'{' or (byte)'[' ? 1 : -1;
            text = text[(i + 1)..];
        }

        return depth;
    }

    /// <summary>
    /// Records the generator field's value after the colon at <paramref name="colon"/>, as JSON
    /// readers take it ("g\u00e9n" is "gén", "a\/b" is "a/b"), so a manifest matches however the
    /// writer escaped. Returns what the value is instead when it is no non-empty string; null when it is one.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static string? GeneratorValue(ReadOnlySpan<byte> data, ByteClassMasks masks, int colon, int e, long line, FeatureExtractor extractor)
    {
        int v = colon + 1;
        while (v < e && RecordScanner.IsSpace(data[v]))
        {
            v++;
        }

        if (v < e && data[v] == (byte)'"')
        {
            int valueEnd = BitScan.NextSet(masks.Quote, v + 1, e);
            if (valueEnd < e)
            {
                if (valueEnd == v + 1)
                {
                    return "an empty string";
                }

                extractor.AddGenerator(JsonEscapes.StringText(data[(v + 1)..valueEnd]), line);
                return null;
            }
        }

        string name = extractor.GeneratorFieldName!;
        return v >= e ? $"no value for '{name}'" : data[v] switch
        {
            (byte)'n' => $"null in '{name}'",
            (byte)'{' => $"an object in '{name}'",
            (byte)'[' => $"a list in '{name}'",
            (byte)'t' or (byte)'f' => $"a boolean in '{name}'",
            _ => $"a number in '{name}'",
        };
    }

    /// <summary>Counts the tokens of a record in its text with <c>\u</c> escapes of text characters decoded: the tokens of the same record written without them.</summary>
    private static void AddDecodedTokens(ReadOnlySpan<byte> data, ReadOnlySpan<ulong> backslash, int s, int e, ScanState state, long line)
    {
        Span<byte> text = state.Scratch(e - s);
        text = text[..JsonEscapes.DecodeText(data, backslash, s, e, text)];
        ByteClassMasks masks = state.ScratchMasks.For(text.Length);
        StructuralKernels.Classify(text, masks);
        MaskEscapes(text, masks, 0, text.Length, line);
        MaskKeys(text, masks, 0, text.Length, line, extractor: null, escapes: true);
        state.Extractor.AddTokens(text, masks.Token, masks.Digit, 0, text.Length);
    }
}
