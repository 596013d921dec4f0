namespace Gate.Core.Scanning;

/// <summary>
/// CSV (RFC 4180) and TSV: the first row is the header (its cells are the fields); a quoted cell
/// may hold separators, doubled quotes and line breaks.
/// </summary>
internal sealed class DelimitedScanner(byte separator) : RecordScanner
{
    private bool _headerSeen;
    private int _generatorColumn = -1;

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

        if (!_headerSeen)
        {
            _headerSeen = true;
            List<string> names = Cells(data[s..e]);
            string? generatorField = state.Extractor.GeneratorFieldName;
            for (int i = 0; i < names.Count; i++)
            {
                state.Extractor.AddField(System.Text.Encoding.UTF8.GetBytes(names[i]));
                if (generatorField is not null && names[i] == generatorField)
                {
                    _generatorColumn = i;
                }
            }

            return;
        }

        state.Extractor.AddTokens(data, masks.Token, masks.Digit, s, e);
        state.Extractor.AddRecord(data[s..e]);
        if (state.Extractor.GeneratorFieldName is { } field)
        {
            List<string> cells = _generatorColumn >= 0 ? Cells(data[s..e]) : [];
            if (_generatorColumn < 0)
            {
                state.Extractor.AddGeneratorMissing($"no column '{field}' in the header", state.Line + 1);
            }
            else if (_generatorColumn >= cells.Count)
            {
                state.Extractor.AddGeneratorMissing($"a row with no cell in the column '{field}'", state.Line + 1);
            }
            else if (cells[_generatorColumn].Length == 0)
            {
                state.Extractor.AddGeneratorMissing($"an empty cell in the column '{field}'", state.Line + 1);
            }
            else
            {
                state.Extractor.AddGenerator(System.Text.Encoding.UTF8.GetBytes(cells[_generatorColumn]), state.Line + 1);
            }
        }
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
