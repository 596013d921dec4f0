namespace Gate.Core.Scanning;

// About 300 lines: one strict RFC 4180 state machine for CSV and TSV; its refusals sit beside the states they guard.

/// <summary>
/// CSV (RFC 4180) and TSV: the first row is the header (its cells are the fields); a quoted cell
/// may hold separators, doubled quotes and line breaks. Only the strict form is read: a quote
/// inside an unquoted cell, text after a closing quote, or a carriage return that is not part of a
/// CRLF outside quotes is GATE111. Readers disagree on what such rows mean (Python's csv and pandas
/// end a row at a bare CR and keep a stray quote as text), and a row Gate split differently from the
/// loader would hide records from the gate. A row with more cells than the header is GATE111 too:
/// pandas then takes the first cells as the row's index and shifts every column, so the cell Gate
/// reads as the generator would not be the one a loader reads. TSV has no quoting of its own: a
/// quoted TSV cell that holds a tab or a line break, which readers split differently, is GATE111;
/// so is a header naming a column twice (pandas renames the second, csv.DictReader keeps the last).
/// A row is hashed as the JSON object of its header's names and its cells' text (as
/// <see cref="JsonRecords"/> hashes <c>{"name":"cell"}</c>), so quoting, the order of columns,
/// and writing the same rows as JSON with string values do not make them new records.
/// </summary>
internal sealed class DelimitedScanner(byte separator) : RecordScanner
{
    private bool _headerSeen;
    private int[] _generatorColumns = [];
    private int _headerCells;

    // Per header column: the canonical start of its member ("name":) and the hash of its key ("name").
    private UInt128[] _keyHashes = [];
    private bool[] _overlapIgnored = [];

    public override int Scan(ReadOnlySpan<byte> data, bool final, ScanState state)
    {
        ByteClassMasks masks = state.Masks.For(data.Length);
        StructuralKernels.Classify(data, masks);
        ulong inside = 0;
        int start = 0;
        int words = ByteClassMasks.WordsFor(data.Length);
        for (int w = 0; w < words; w++)
        {
            ulong quoted = StructuralKernels.InsideQuotes(masks.Quote[w], ref inside);
            ulong ends = masks.Newline[w] & ~quoted;
            while (ends != 0)
            {
                int end = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(ends);
                Row(data, masks, start, end, state);
                state.Line += 1 + BitScan.Count(masks.Newline, start, end);
                start = end + 1;
                ends &= ends - 1;
            }
        }

        if (final && start < data.Length)
        {
            if (inside != 0)
            {
                throw new CorruptDataException("a quoted cell is not closed before the end of the file: the file is truncated or a quote is missing", state.Line + 1);
            }

            Row(data, masks, start, data.Length, state);
            state.Line += 1 + BitScan.Count(masks.Newline, start, data.Length);
            start = data.Length;
        }

        return start;
    }

    private void Row(ReadOnlySpan<byte> data, ByteClassMasks masks, int s, int e, ScanState state)
    {
        if (e > s && data[e - 1] == (byte)'\r')
        {
            e--;
        }

        if (s == e)
        {
            return;
        }

        ReadOnlySpan<byte> row = data[s..e];
        int cells = row.IndexOfAny((byte)'"', (byte)'\r') >= 0 ? CheckStrict(row, state.Line + 1) : row.Count(separator) + 1;
        if (!_headerSeen)
        {
            _headerSeen = true;
            _headerCells = cells;
            List<string> names = Cells(row);
            if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                // pandas keeps the first and renames the second 'name.1'; csv.DictReader keeps the last.
                throw new CorruptDataException(
                    $"the header names the column '{twice.Key}' twice; readers disagree on which cell is '{twice.Key}' (pandas renames the second '{twice.Key}.1', Python's csv.DictReader keeps the last), so Gate refuses it: give each column its own name",
                    state.Line + 1);
            }

            string? generatorField = state.Extractor.GeneratorFieldName;
            for (int i = 0; i < names.Count; i++)
            {
                state.Extractor.AddField(System.Text.Encoding.UTF8.GetBytes(names[i]));
            }

            _generatorColumns = generatorField is null ? [] : [.. Enumerable.Range(0, names.Count).Where(i => names[i] == generatorField)];
            _keyHashes = [.. names.Select(JsonCanonicalHash.KeyHash)];
            _overlapIgnored = [.. _keyHashes.Select(key => Array.IndexOf(state.Extractor.OverlapIgnoredKeys, key) >= 0)];
            return;
        }

        if (cells > _headerCells)
        {
            throw new CorruptDataException(
                $"a row of {cells} cells under a header of {_headerCells}; readers disagree on which column each cell of such a row belongs to (pandas takes the extra cells as the row's index and shifts the rest), so Gate refuses it",
                state.Line + 1);
        }

        state.Extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
        if (state.Extractor.GeneratorFieldName is { } field)
        {
            Generators(row, field, state); // before the hash: a record's generators go with it
        }

        if (state.Extractor.HashesOverlap)
        {
            var (hash, loose) = RowHash(row, state, overlap: true);
            state.Extractor.AddRecordHash(hash, loose);
        }
        else if (state.Extractor.HashesRecords)
        {
            state.Extractor.AddRecordHash(RowHash(row, state, overlap: false).Hash);
        }
    }

    /// <summary>
    /// The row's hash as the JSON object of the header's names and the row's cells as strings: each
    /// cell unquoted (a doubled quote is one quote), then written as a canonical JSON string holds it.
    /// A short row has no member for its missing cells, as a JSON record has no key it does not write.
    /// </summary>
    /// <remarks>
    /// With <paramref name="overlap"/>, also the overlap hash: a cell that reads as a number or a
    /// boolean counts by value (pandas and the datasets library type such columns), so a CSV copy of
    /// JSON records with numbers is the same records to GATE007; the run's generator columns are left out.
    /// </remarks>
    private (UInt128 Hash, UInt128 Loose) RowHash(ReadOnlySpan<byte> row, ScanState state, bool overlap)
    {
        var writer = new CanonicalHashWriter(state.HashBuffer, state.HashStream);
        ObjectMembers members = state.Members;
        members.Clear();
        for (int column = 0, pos = 0; pos <= row.Length; column++)
        {
            writer.Put((byte)'"');
            ReadOnlySpan<byte> plain = default; // the cell's text when it needs no unescaping (a candidate for a number)
            bool isPlain = true;
            if (pos < row.Length && row[pos] == (byte)'"')
            {
                // Quoted (strict form, checked): up to the quote that is not doubled.
                int i = pos + 1;
                while (true)
                {
                    int quote = row[i..].IndexOf((byte)'"') + i;
                    writer.PutEscaped(row[i..quote]);
                    if (quote + 1 < row.Length && row[quote + 1] == (byte)'"')
                    {
                        writer.PutEscaped("\""u8);
                        i = quote + 2;
                        isPlain = false;
                        continue;
                    }

                    plain = row[(pos + 1)..quote];
                    pos = quote + 2; // past the closing quote and its separator
                    break;
                }
            }
            else
            {
                int end = row[pos..].IndexOf(separator);
                end = end < 0 ? row.Length : pos + end;
                plain = row[pos..end];
                writer.PutEscaped(plain);
                pos = end + 1;
            }

            writer.Put((byte)'"');
            UInt128 key = _keyHashes[column];
            UInt128 value = writer.HashMember();
            UInt128 member = JsonCanonicalHash.Member(key, value);
            UInt128? looseScalar = overlap && isPlain && !_overlapIgnored[column] ? JsonNumbers.LooseScalar(plain, ref writer) : null;
            UInt128? looseMember = !overlap ? member
                : _overlapIgnored[column] || looseScalar == JsonNumbers.NullHash ? null
                : looseScalar is { } scalar ? JsonCanonicalHash.Member(key, scalar)
                : member;
            members.Set(key, member, looseMember);
        }

        return (members.Hash(), overlap ? members.LooseHash() : 0);
    }

    /// <summary>Records the row's generator values; a row where a generator column is absent or empty names none.</summary>
    private void Generators(ReadOnlySpan<byte> row, string field, ScanState state)
    {
        if (_generatorColumns.Length == 0)
        {
            state.Extractor.AddGeneratorMissing($"no column '{field}' in the header", state.Line + 1);
            return;
        }

        List<string> cells = Cells(row);
        string? problem = null;
        foreach (int column in _generatorColumns)
        {
            if (column >= cells.Count)
            {
                problem ??= $"a row with no cell in the column '{field}'";
            }
            else if (cells[column].Length == 0)
            {
                problem ??= $"an empty cell in the column '{field}'";
            }
            else
            {
                state.Extractor.AddGenerator(System.Text.Encoding.UTF8.GetBytes(cells[column]), state.Line + 1);
            }
        }

        if (problem is not null)
        {
            state.Extractor.AddGeneratorMissing(problem, state.Line + 1);
        }
    }

    /// <summary>
    /// The strict form of a row that holds a quote or a carriage return: a cell is quoted from its
    /// first byte or not at all; a quoted cell ends at a quote that a separator or the row's end
    /// follows (a doubled quote is one quote); a carriage return outside quotes is a line ending
    /// that is not CRLF. Anything else is a <see cref="CorruptDataException"/> at <paramref name="line"/>.
    /// </summary>
    /// <returns>The number of cells in the row.</returns>
    private int CheckStrict(ReadOnlySpan<byte> row, long line)
    {
        bool cellStart = true, quoted = false;
        int cells = 1;
        for (int i = 0; i < row.Length; i++)
        {
            byte b = row[i];
            if (quoted)
            {
                if (b != (byte)'"')
                {
                    if (separator == (byte)'\t' && b is (byte)'\t' or (byte)'\n' or (byte)'\r')
                    {
                        throw new CorruptDataException("a quoted TSV cell holding a tab or a line break; pandas reads it as one cell, but TSV has no quoting and tools that split on tabs and lines read other cells and rows, so Gate refuses it (write it as CSV)", line);
                    }

                    continue;
                }

                if (i + 1 < row.Length && row[i + 1] == (byte)'"')
                {
                    i++;
                    continue;
                }

                quoted = false;
                if (i + 1 < row.Length && row[i + 1] != separator)
                {
                    throw new CorruptDataException("text follows a quoted cell's closing quote; write the whole cell in quotes, with any quote in it doubled", line);
                }

                continue;
            }

            if (b == (byte)'"')
            {
                if (!cellStart)
                {
                    throw new CorruptDataException("a quote inside an unquoted cell; quote the whole cell and double the quotes in it, as CSV readers agree only on that form", line);
                }

                quoted = true;
                cellStart = false;
                continue;
            }

            if (b == (byte)'\r')
            {
                throw new CorruptDataException("a carriage return that is not part of a CRLF line ending; readers disagree on whether it ends a row, so Gate refuses it (use LF or CRLF line endings)", line);
            }

            cellStart = b == separator;
            if (cellStart)
            {
                cells++;
            }
        }

        return cells;
    }

    /// <summary>The unquoted cells of one row.</summary>
    internal List<string> Cells(ReadOnlySpan<byte> row)
    {
        var cells = new List<string>();
        var cell = new List<byte>();
        bool quoted = false;
        for (int i = 0; i < row.Length; i++)
        {
            byte b = row[i];
            if (quoted)
            {
                if (b == (byte)'"')
                {
                    if (i + 1 < row.Length && row[i + 1] == (byte)'"')
                    {
                        cell.Add(b);
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    cell.Add(b);
                }
            }
            else if (b == (byte)'"')
            {
                quoted = true;
            }
            else if (b == separator)
            {
                cells.Add(System.Text.Encoding.UTF8.GetString([.. cell]));
                cell.Clear();
            }
            else
            {
                cell.Add(b);
            }
        }

        cells.Add(System.Text.Encoding.UTF8.GetString([.. cell]));
        return cells;
    }
}
