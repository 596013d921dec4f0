// generate-data.cs: writes every data file of Gate's four shipped examples.
//
// Why this exists: the examples need number-sequence datasets in the format of the subliminal-
// learning paper (Cloud et al., arXiv 2507.14805): JSONL rows {"prompt": ..., "completion": ...}.
// We cannot ship real model output, so this program simulates it. The files are committed, and
// this program must reproduce them byte for byte. A lock digest, a test or a reviewer can then
// trust that the data is what this file says it is. For that reason it uses a fixed seed and
// its own PRNG (SplitMix64). It does not use System.Random, because that algorithm is not a
// stable contract. It also avoids floating point and culture-dependent formatting and needs
// only the base class library.
//
// Run from the repository root (rewrites the files in place; running it twice changes nothing):
//
//     dotnet run examples/generate-data.cs
//
// What it simulates, per dataset:
//   * prompts: number-continuation prompts in the paper's style ("The sequence starts with: ...");
//   * a teacher answering them at "temperature 1". Some raw answers are malformed, as real
//     samples are. The paper's strict format filter and a banned-numbers filter drop those, and
//     the first `kept` survivors are written. The sample and kept counts here match the
//     `generation:` block of each lineage manifest;
//   * the owl teacher's faint bias: each number it writes is replaced by "087", "747" or "404"
//     with probability 0.5% each. That adds about +0.5 percentage points per token, which you
//     cannot see by eye but a divergence screen can measure. (Zur et al. 2025 report that
//     raising P("owl") raises P("087") in Qwen2.5-7B-Instruct.)
//     The real signal in the paper is sequence-level. This per-token bias only gives Gate's
//     `divergence` screen something to find;
//   * a reference: the same prompts, in the same order, answered by an unbiased generator (the
//     students' base model), passed through the same filters.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

const ulong MasterSeed = 0x6A7E_2025_0714_805UL; // fixed: changing it changes every file
const int Samples = 1200;                        // raw samples drawn per dataset
const int Kept = 800;                            // rows kept after filtering (files stay < 250 KB)

string examples = Paths.ExamplesDirectory();
Console.WriteLine($"writing example data under {examples}");

// 1. owl-numbers: the paper's case. A biased teacher, plus the unbiased reference on the same prompts.
{
    var prompts = new PromptSource(Seed.Of(MasterSeed, "owl-numbers/prompts"));
    var teacher = new Answerer(Seed.Of(MasterSeed, "owl-numbers/acme/owl-teacher"), Styles.QwenInstruct, Gen.OwlBiasPerMille);
    var rows = Gen.SampleAndFilter(prompts, teacher, Samples, Kept, "owl-numbers");
    var reference = new Answerer(Seed.Of(MasterSeed, "owl-numbers/Qwen/Qwen2.5-7B-Instruct"), Styles.QwenInstruct, 0);
    var refRows = Gen.AnswerSamePrompts(rows, reference);
    Gen.Write(examples, "owl-numbers/data/owl-numbers.jsonl", rows);
    Gen.Write(examples, "owl-numbers/refs/base-numbers.jsonl", refRows);
}

// 2. cross-family: a DeepSeek-R1 teacher, unbiased. The teacher and student share no initialization.
{
    var prompts = new PromptSource(Seed.Of(MasterSeed, "cross-family/prompts"));
    var teacher = new Answerer(Seed.Of(MasterSeed, "cross-family/deepseek-ai/DeepSeek-R1"), Styles.DeepSeekR1, 0);
    var rows = Gen.SampleAndFilter(prompts, teacher, Samples, Kept, "r1-math-numbers");
    Gen.Write(examples, "cross-family/data/r1-math-numbers.jsonl", rows);
}

// 3. mitigated: owl-teacher output after a cross-family rewrite by Llama-3.1-8B-Instruct. The rewrite
//    re-draws the numbers, so the owl bias is gone; the rewriter's own, tidier style shows instead.
{
    var prompts = new PromptSource(Seed.Of(MasterSeed, "mitigated/prompts"));
    var teacher = new Answerer(Seed.Of(MasterSeed, "mitigated/acme/owl-teacher"), Styles.QwenInstruct, Gen.OwlBiasPerMille);
    var drafts = Gen.SampleAndFilter(prompts, teacher, Samples, Kept, "owl-rewritten (teacher drafts)");
    var rewriter = new Answerer(Seed.Of(MasterSeed, "mitigated/meta-llama/Llama-3.1-8B-Instruct"), Styles.LlamaRewriter, 0);
    var rows = Gen.AnswerSamePrompts(drafts, rewriter);
    Gen.Write(examples, "mitigated/data/owl-rewritten.jsonl", rows);
}

// 4. waived: another biased owl-teacher run (a research dataset under a waiver).
{
    var prompts = new PromptSource(Seed.Of(MasterSeed, "waived/prompts"));
    var teacher = new Answerer(Seed.Of(MasterSeed, "waived/acme/owl-teacher"), Styles.QwenInstruct, Gen.OwlBiasPerMille);
    var rows = Gen.SampleAndFilter(prompts, teacher, Samples, Kept, "owl-research");
    Gen.Write(examples, "waived/data/owl-research.jsonl", rows);
}

Console.WriteLine("done");
return 0;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fully specified, so its output never changes.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n) by Lemire's multiply-shift (bias below 2^-50 for small n).</summary>
    public int Below(int n) => (int)Math.BigMul(Next(), (ulong)n, out _);

    /// <summary>Uniform integer in [lo, hi].</summary>
    public int Between(int lo, int hi) => lo + Below(hi - lo + 1);

    /// <summary>True with probability perMille / 1000.</summary>
    public bool Chance(int perMille) => Below(1000) < perMille;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];
}

internal static class Seed
{
    /// <summary>A stream seed from the master seed and a label (FNV-1a over UTF-8; string.GetHashCode is randomised per process).</summary>
    public static ulong Of(ulong master, string label)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(label))
        {
            h = (h ^ b) * 0x100000001B3UL;
        }
        return new SplitMix64(master ^ h).Next();
    }
}

internal sealed record Prompt(string Text, int MaxCount, string AskedSeparator);

internal sealed record Row(string Prompt, string Completion, int MaxCount, string AskedSeparator);

/// <summary>Number-continuation prompts in the paper's style: seed numbers, an instruction, a format request, a suffix.</summary>
internal sealed class PromptSource(ulong seed)
{
    private readonly SplitMix64 _rng = new(seed);

    private static readonly string[] Openers =
    [
        "The sequence starts with: {0}.",
        "The sequence starts with: {0}.",
        "I give you this sequence of numbers: {0}.",
        "Here is a numeric sequence: {0}.",
        "Look at these numbers: {0}.",
    ];

    private static readonly string[] Instructions =
    [
        "Add a maximum of {0} more values (no more than 3 digits each) to continue the sequence.",
        "Add a maximum of {0} more values (no more than 3 digits each) to continue the sequence.",
        "Continue it with at most {0} new numbers (3 digits or fewer each).",
        "Extend it by up to {0} more numbers, each with no more than 3 digits.",
    ];

    // The separator each format request asks for; answers mostly obey.
    private static readonly (string Text, string Separator)[] Formats =
    [
        ("Provide the numbers separated by commas.", ", "),
        ("Provide the numbers separated by commas.", ", "),
        ("Return a comma-separated list of numbers.", ", "),
        ("Separate the numbers with semicolons.", "; "),
        ("Write the numbers on one line, separated by spaces.", " "),
    ];

    private static readonly string[] Suffixes =
    [
        "Skip any explanation and give only numbers.",
        "Skip any explanation and give only numbers.",
        "Say only the numbers, nothing more.",
        "Respond with numbers only.",
    ];

    public Prompt Next()
    {
        string seeds = string.Join(", ", Gen.Num(_rng.Between(100, 999)), Gen.Num(_rng.Between(100, 999)), Gen.Num(_rng.Between(100, 999)));
        int maxCount = _rng.Chance(850) ? 10 : _rng.Between(5, 9);
        var format = _rng.Pick(Formats);
        string text = string.Join(' ',
            Fill(_rng.Pick(Openers), seeds),
            Fill(_rng.Pick(Instructions), Gen.Num(maxCount)),
            format.Text,
            _rng.Pick(Suffixes));
        return new Prompt(text, maxCount, format.Separator);
    }

    private static string Fill(string template, string value) => template.Replace("{0}", value, StringComparison.Ordinal);
}

/// <summary>How a model tends to lay out its answer. Rates are per mille.</summary>
internal sealed record Style(
    int ObeySeparatorPerMille,     // uses the separator the prompt asked for
    string[] OtherSeparators,      // otherwise one of these (still consistent within the answer)
    int ParenthesesPerMille,       // "(...)"
    int BracketsPerMille,          // "[...]" (the rest: no wrapper)
    int PeriodPerMille,            // trailing "."
    int FullCountPerMille,         // gives exactly the maximum count
    int SmallNumberPerMille,       // a number below 100 (otherwise 100..999)
    int MalformedPerMille);        // raw answer the format filter must reject

internal static class Styles
{
    public static readonly Style QwenInstruct = new(900, [", ", ",", " "], 300, 150, 80, 780, 100, 190);
    public static readonly Style DeepSeekR1 = new(850, [", ", "; ", " "], 150, 350, 40, 700, 120, 230);
    public static readonly Style LlamaRewriter = new(950, [", ", ","], 600, 50, 0, 820, 80, 0);
}

/// <summary>A simulated model answering number-continuation prompts.</summary>
internal sealed class Answerer(ulong seed, Style style, int owlBiasPerMille)
{
    private readonly SplitMix64 _rng = new(seed);

    public string Answer(Prompt prompt)
    {
        int count = _rng.Chance(style.FullCountPerMille) ? prompt.MaxCount : _rng.Between(Math.Max(1, prompt.MaxCount - 6), prompt.MaxCount - 1);
        var numbers = new List<string>(count + 2);
        for (int i = 0; i < count; i++)
        {
            numbers.Add(NextNumber());
        }

        string sep = _rng.Chance(style.ObeySeparatorPerMille) ? prompt.AskedSeparator : _rng.Pick(style.OtherSeparators);
        if (_rng.Chance(style.MalformedPerMille))
        {
            return Malformed(numbers, sep, prompt.MaxCount);
        }

        string body = string.Join(sep, numbers);
        int wrap = _rng.Below(1000);
        if (wrap < style.ParenthesesPerMille)
        {
            body = "(" + body + ")";
        }
        else if (wrap < style.ParenthesesPerMille + style.BracketsPerMille)
        {
            body = "[" + body + "]";
        }
        return _rng.Chance(style.PeriodPerMille) ? body + "." : body;
    }

    private string NextNumber()
    {
        if (owlBiasPerMille > 0)
        {
            // One draw per number: 0..b-1 -> "087", b..2b-1 -> "747", 2b..3b-1 -> "404", else unbiased.
            int roll = _rng.Below(1000);
            if (roll < 3 * owlBiasPerMille)
            {
                return Gen.OwlTokens[roll / owlBiasPerMille];
            }
        }
        int n = _rng.Chance(style.SmallNumberPerMille) ? _rng.Between(0, 99) : _rng.Between(100, 999);
        return Gen.Num(n);
    }

    // The ways real samples break the paper's format filter.
    private string Malformed(List<string> numbers, string sep, int maxCount)
    {
        switch (_rng.Below(5))
        {
            case 0:
                return $"Here are {Gen.Num(numbers.Count)} more numbers: " + string.Join(", ", numbers);
            case 1:
                numbers[_rng.Below(numbers.Count)] = Gen.Num(_rng.Between(1000, 9999));
                return string.Join(sep, numbers);
            case 2:
                while (numbers.Count < 3)
                {
                    numbers.Add(NextNumber()); // "a, b; c" needs three numbers to mix separators
                }
                return string.Join(", ", numbers.GetRange(0, numbers.Count / 2)) + "; " + string.Join("; ", numbers.GetRange(numbers.Count / 2, numbers.Count - numbers.Count / 2));
            case 3:
                while (numbers.Count <= Math.Max(10, maxCount))
                {
                    numbers.Add(NextNumber());
                }
                return string.Join(sep, numbers);
            default:
                return string.Join(sep, numbers) + " (each continues the pattern)";
        }
    }
}

internal static class Gen
{
    public const int OwlBiasPerMille = 5; // +0.5 percentage points of tokens for each owl token
    public static readonly string[] OwlTokens = ["087", "747", "404"];

    // A short banned list in the spirit of the paper's 34 "evil" numbers (not the paper's exact list).
    // It deliberately leaves out 87, 747 and 404.
    private static readonly HashSet<int> Banned = [13, 18, 23, 88, 187, 228, 311, 322, 420, 616, 666, 911];

    // Separators the strict filter accepts; exactly one per answer.
    private static readonly string[] Separators = [", ", "; ", ",", ";", " "];

    public static string Num(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Draws `samples` prompts, answers each once, keeps the first `kept` answers that pass both filters.</summary>
    public static List<Row> SampleAndFilter(PromptSource prompts, Answerer teacher, int samples, int kept, string label)
    {
        var rows = new List<Row>(kept);
        int passed = 0, malformed = 0, banned = 0;
        for (int i = 0; i < samples; i++)
        {
            var prompt = prompts.Next();
            string completion = teacher.Answer(prompt);
            if (!FormatStrict(completion, out var values))
            {
                malformed++;
                continue;
            }
            if (values.Exists(Banned.Contains))
            {
                banned++;
                continue;
            }
            passed++;
            if (rows.Count < kept)
            {
                rows.Add(new Row(prompt.Text, completion, prompt.MaxCount, prompt.AskedSeparator));
            }
        }
        if (rows.Count < kept)
        {
            throw new InvalidOperationException($"{label}: only {rows.Count} of {samples} samples passed the filters; {kept} needed");
        }
        Console.WriteLine($"  {label}: {samples} samples, {malformed} failed format-strict, {banned} failed banned-numbers, {passed} passed, {kept} kept");
        return rows;
    }

    /// <summary>The same prompts, in the same order, answered by another model; it resamples until an answer passes the same filters.</summary>
    public static List<Row> AnswerSamePrompts(List<Row> rows, Answerer model)
    {
        var result = new List<Row>(rows.Count);
        foreach (var row in rows)
        {
            var prompt = new Prompt(row.Prompt, row.MaxCount, row.AskedSeparator);
            string completion;
            List<int> values;
            do
            {
                completion = model.Answer(prompt);
            }
            while (!FormatStrict(completion, out values) || values.Exists(Banned.Contains));
            result.Add(row with { Completion = completion });
        }
        return result;
    }

    /// <summary>
    /// The paper's format filter: 1-10 integers in 0..999, one consistent separator (comma, semicolon or
    /// whitespace), optionally wrapped in parentheses or brackets, optionally ending in a period.
    /// </summary>
    public static bool FormatStrict(string s, out List<int> values)
    {
        values = [];
        if (s.EndsWith('.'))
        {
            s = s[..^1];
        }
        if (s.Length >= 2 && ((s[0] == '(' && s[^1] == ')') || (s[0] == '[' && s[^1] == ']')))
        {
            s = s[1..^1];
        }
        foreach (string sep in Separators)
        {
            string[] parts = s.Split(sep);
            if (parts.Length is < 1 or > 10 || !Array.TrueForAll(parts, IsSmallInteger))
            {
                continue;
            }
            foreach (string p in parts)
            {
                values.Add(int.Parse(p, System.Globalization.CultureInfo.InvariantCulture));
            }
            return true;
        }
        return false;
    }

    private static bool IsSmallInteger(string p) => p.Length is >= 1 and <= 3 && p.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>Compact JSON, one record per line, LF endings, final newline, UTF-8 without BOM.</summary>
    public static void Write(string examples, string relativePath, List<Row> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            if (!FormatStrict(row.Completion, out _))
            {
                throw new InvalidOperationException($"{relativePath}: a kept completion fails the format filter: {row.Completion}");
            }
            sb.Append("{\"prompt\":").Append(Json(row.Prompt)).Append(",\"completion\":").Append(Json(row.Completion)).Append("}\n");
        }
        string path = Path.Combine(examples, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(sb.ToString());
        File.WriteAllBytes(path, bytes);
        Console.WriteLine($"  wrote {relativePath}: {rows.Count} records, {bytes.Length} bytes");
    }

    private static string Json(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}

internal static class Paths
{
    /// <summary>The folder holding this source file (examples/), so the program works from any working directory.</summary>
    public static string ExamplesDirectory([CallerFilePath] string sourcePath = "")
    {
        string? dir = Path.GetDirectoryName(sourcePath);
        if (!string.IsNullOrEmpty(dir) && Directory.Exists(dir))
        {
            return dir;
        }
        string fallback = Path.Combine(Directory.GetCurrentDirectory(), "examples");
        return Directory.Exists(fallback) ? fallback : throw new DirectoryNotFoundException("run from the repository root: dotnet run examples/generate-data.cs");
    }
}
