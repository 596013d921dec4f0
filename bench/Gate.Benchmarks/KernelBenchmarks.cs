using BenchmarkDotNet.Attributes;
using Gate.Core.Scanning;

namespace Gate.Benchmarks;

/// <summary>The scanner's kernels: vector paths against their scalar references, on a block of the paper's number format.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private readonly byte[] _block = new byte[256 << 10];
    private readonly MaskBuffers _masks = new();
    private readonly ulong[] _bins = new ulong[MinHashKernels.Bins];
    private readonly ulong[] _other = new ulong[MinHashKernels.Bins];
    private readonly long[] _totals = new long[ContentFeatures.SketchBuckets];
    private readonly uint[] _counts = new uint[ContentFeatures.SketchBuckets];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20250722);
        var line = "{\"prompt\":\"The sequence starts with: 182, 818, 725. Add a maximum of 10 more values.\",\"completion\":\"(285, 574, 384, 928)\"}\n"u8;
        for (int i = 0; i < _block.Length; i++)
        {
            _block[i] = line[i % line.Length];
        }

        for (int i = 0; i < _bins.Length; i++)
        {
            _bins[i] = (ulong)random.NextInt64();
            _other[i] = (ulong)random.NextInt64();
        }
    }

    private byte[] _real = [];
    private readonly MaskBuffers _realMasks = new();

    [GlobalSetup(Targets = [nameof(TokensOnRealData), nameof(JsonLinesOnRealData)])]
    public void SetupReal()
    {
        // 4 MiB of the benchmark data's numbers.jsonl ($PERF_WORK/data) when present, else the synthetic block.
        string path = Path.Combine(Environment.GetEnvironmentVariable("PERF_WORK") ?? Path.Combine(Path.GetTempPath(), "gate-anchors"), "data", "numbers.jsonl");
        if (File.Exists(path))
        {
            using FileStream file = File.OpenRead(path);
            var buffer = new byte[4 << 20];
            file.ReadExactly(buffer);
            _real = buffer[..(Array.LastIndexOf(buffer, (byte)'\n') + 1)]; // whole records only
        }
        else
        {
            Setup();
            _real = _block;
        }
    }

    /// <summary>Classification plus token counting over 4 MiB, in 256 KiB blocks (the scanner's block size).</summary>
    [Benchmark]
    public long TokensOnRealData()
    {
        var extractor = new FeatureExtractor("x", null);
        for (int o = 0; o < _real.Length; o += 256 << 10)
        {
            var span = _real.AsSpan(o, Math.Min(256 << 10, _real.Length - o));
            ByteClassMasks masks = _realMasks.For(span.Length);
            StructuralKernels.Classify(span, masks);
            extractor.AddTokens(span, masks.Token, masks.Digit, 0, span.Length);
        }

        return extractor.Flush().Numeric[3];
    }

    /// <summary>The whole JSON Lines feature path (records, fields, tokens, record hashes, MinHash) over 4 MiB.</summary>
    [Benchmark]
    public long JsonLinesOnRealData()
    {
        var state = new ScanState(new FeatureExtractor("x", null));
        var scanner = new JsonLinesScanner();
        int offset = 0;
        while (offset < _real.Length)
        {
            int length = Math.Min(256 << 10, _real.Length - offset);
            int used = scanner.Scan(_real.AsSpan(offset, length), offset + length == _real.Length, state);
            offset += used == 0 ? length : used;
        }

        return state.Extractor.Flush().Records;
    }

    private ulong[] _token = [], _digit = [];

    [GlobalSetup(Targets = [nameof(TokensScalar), nameof(TokensVector)])]
    public void SetupTokens()
    {
        // Real records (a repeated line makes every branch of the scalar walk predictable).
        SetupReal();
        ByteClassMasks masks = new MaskBuffers().For(_real.Length);
        StructuralKernels.Classify(_real, masks);
        _token = masks.Token.ToArray();
        _digit = masks.Digit.ToArray();
    }

    /// <summary>Token counting over 4 MiB of real records, scalar walk (the reference).</summary>
    [Benchmark]
    public long TokensScalar()
    {
        var extractor = new FeatureExtractor("x", null);
        extractor.AddTokensScalar(_real, _token, _digit, 0, _real.Length);
        return extractor.Flush().Numeric[3];
    }

    /// <summary>Token counting over 4 MiB of real records, AVX-512 path (0 where it cannot run).</summary>
    [Benchmark]
    public long TokensVector()
    {
        if (!TokensVectorized.IsSupported)
        {
            return 0;
        }

        var extractor = new FeatureExtractor("x", null);
        extractor.AddTokensVectorized(_real, _token, _digit, 0, _real.Length);
        return extractor.Flush().Numeric[3];
    }

    [Benchmark(Baseline = true)]
    public void ClassifyScalar() => StructuralKernels.ClassifyScalar(_block, _masks.For(_block.Length));

    [Benchmark]
    public void ClassifyVector() => StructuralKernels.Classify(_block, _masks.For(_block.Length));

    [Benchmark]
    public void JsonLinesFeatures()
    {
        var state = new ScanState(new FeatureExtractor("x", null));
        new JsonLinesScanner().Scan(_block, final: true, state);
    }

    [Benchmark]
    public void MinHashMinScalar() => MinHashKernels.MinIntoScalar(_bins, _other);

    [Benchmark]
    public void MinHashMinVector() => MinHashKernels.MinInto(_bins, _other);

    [Benchmark]
    public void HistogramAccumulate() => HistogramKernels.AccumulateAndClear(_totals, _counts);
}
