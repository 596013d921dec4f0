namespace Gate.Cli.Tests;

/// <summary>What makes the command line helpful: the nearest gate.yaml, warnings from 'gate lock', typo suggestions for model ids, colour only on a terminal.</summary>
public sealed class HelpfulCommandLineTests
{
    [Fact]
    public void Check_from_a_sub_folder_uses_the_nearest_gate_yaml_and_says_so()
    {
        using var repo = new TempRepository();
        SourceTree.Copy(GateProcess.Examples + "/owl-numbers", repo.Root);
        Directory.CreateDirectory(repo.PathOf(".git"));

        GateProcess.Result result = GateProcess.RunIn(repo.PathOf("data"), "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"gate: using {Path.Combine(repo.Root, "gate.yaml")}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error GATE001 shared-init", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_search_stops_at_the_repositorys_root()
    {
        using var outer = new TempRepository();
        outer.Write("gate.yaml", "version: 1\n");
        outer.Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        Directory.CreateDirectory(outer.PathOf("repo/data"));

        GateProcess.Result result = GateProcess.RunIn(outer.PathOf("repo/data"), "check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no policy file at gate.yaml", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("gate: using", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lock_warns_when_what_it_locked_fails()
    {
        using var repo = new TempRepository();
        SourceTree.Copy(GateProcess.Examples + "/owl-numbers", repo.Root);

        GateProcess.Result result = GateProcess.Run("lock", repo.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: data/owl-numbers.jsonl is locked but fails GATE001 shared-init", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Locking records a dataset; it does not make it pass", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_model_id_gets_a_suggestion()
    {
        using var repo = new TempRepository();
        SourceTree.Copy(GateProcess.Examples + "/cross-family", repo.Root);
        File.WriteAllText(repo.PathOf("data/r1-math-numbers.lineage.yaml"),
            File.ReadAllText(repo.PathOf("data/r1-math-numbers.lineage.yaml")).Replace("teacher: deepseek-ai/DeepSeek-R1", "teacher: deepseek-ai/DeepSek-R1", StringComparison.Ordinal));

        GateProcess.Result result = GateProcess.Run("check", repo.Root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the teacher deepseek-ai/DeepSek-R1 is not in the model registry or any model card (did you mean deepseek-ai/DeepSeek-R1?)", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chek", "Unrecognized command or argument 'chek'; did you mean 'check'?")]
    [InlineData("check --polcy x", "unknown option '--polcy'; did you mean '--policy'?")]
    [InlineData("lock --refresh-linage", "unknown option '--refresh-linage'; did you mean '--refresh-lineage'?")]
    public void A_mistyped_command_or_option_gets_a_suggestion(string arguments, string expected)
    {
        GateProcess.Result result = GateProcess.Run(arguments.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error GATE110: {expected}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean '-", result.Stderr.Replace("did you mean '--", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_values_are_listed_on_one_line_not_shown_escaped()
    {
        GateProcess.Result result = GateProcess.Run("check", "--format", "jsn", "examples/owl-numbers");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Argument 'jsn' not recognized. Must be one of: 'text', 'json', 'sarif', 'markdown', 'github'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u000A", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GATE01", "no rule is called 'GATE01'; did you mean 'GATE001'? Run 'gate explain' for the list.")]
    [InlineData("no-such-thing-at-all", "no rule is called 'no-such-thing-at-all'. Run 'gate explain' for the list.")]
    public void A_mistyped_rule_gets_a_suggestion_and_no_stray_punctuation(string rule, string expected)
    {
        GateProcess.Result result = GateProcess.Run("explain", rule);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("?.", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_an_escape_sequence_is_shown_escaped()
    {
        GateProcess.Result result = GateProcess.Run("check", "--\u001b[2Jx".Replace("\\u001b", "\u001b", StringComparison.Ordinal));
        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Stderr);
    }

    [Theory]
    [InlineData(1_200_000_000L, 4_800_000_000L, 2.0, "gate: scanned 1.20 of 4.80 GB (25%, 0.60 GB/s, about 6 s left)")]
    [InlineData(1_000_000_000L, 100_000_000_000L, 1.0, "gate: scanned 1.00 of 100.00 GB (1%, 1.00 GB/s, about 2 min left)")]
    [InlineData(2_000_000_000L, 0L, 1.0, "gate: scanned 2.00 GB (2.00 GB/s)")]
    [InlineData(5_000_000_000L, 4_000_000_000L, 1.0, "gate: scanned 5.00 GB (5.00 GB/s)")]
    public void Progress_shows_the_total_the_percentage_and_the_time_left(long bytes, long total, double seconds, string line)
    {
        Assert.Equal(line, ScanProgress.Line(bytes, total, seconds));
    }

    /// <summary>A waived or mitigated finding needs nothing more done: it does not end with advice to mitigate it; an active one does.</summary>
    [Fact]
    public void Waived_and_mitigated_findings_give_no_advice()
    {
        GateProcess.Result waived = GateProcess.Run("check", "examples/waived", "--as-of", "2026-12-01");
        GateProcess.Result mitigated = GateProcess.Run("check", "examples/mitigated", "--as-of", "2026-12-01");
        GateProcess.Result active = GateProcess.Run("check", "examples/owl-numbers");

        Assert.Contains("waived error GATE001 shared-init", waived.Stdout, StringComparison.Ordinal);
        Assert.Contains("mitigated error GATE001 shared-init", mitigated.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("record an accepted mitigation", waived.Stdout + mitigated.Stdout, StringComparison.Ordinal);
        Assert.Contains("even after filtering; use a teacher from another family, record an accepted mitigation, or add an approved waiver", active.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_lines_wrap_at_spaces_with_their_indent_and_short_ones_stay()
    {
        const string Text = "a(1,1): error GATE001 shared-init: teacher x and student y share the initialization z\n    dataset d · teacher x · student y\nFAIL: 1 error";
        string wrapped = TerminalWrap.Apply(Text, 40);

        Assert.Equal(string.Join('\n',
            "a(1,1): error GATE001 shared-init:",
            "    teacher x and student y share the",
            "    initialization z",
            "    dataset d · teacher x · student y",
            "FAIL: 1 error"), wrapped);
        Assert.Equal(Text, TerminalWrap.Apply(Text, 400));
        Assert.Equal(new string('x', 100), TerminalWrap.Apply(new string('x', 100), 40));
    }

    [Fact]
    public void Colour_marks_the_verdict_and_severities_and_only_them()
    {
        const string Report = "data/x.lineage.yaml(2,10): error GATE001 shared-init: an error here stays plain\n    dataset data/x.jsonl\nwarning GATE003 same-family: w\n\nFAIL: 1 error, 1 warning, 0 notes\n";
        string coloured = TerminalColour.Apply(Report);

        Assert.Contains("(2,10): \u001b[31merror\u001b[0m GATE001", coloured, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mwarning\u001b[0m GATE003", coloured, StringComparison.Ordinal);
        Assert.Contains("\u001b[1;31mFAIL: 1 error, 1 warning, 0 notes\u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Contains("an error here stays plain", coloured, StringComparison.Ordinal);
        Assert.Equal(Report, coloured.Replace("\u001b[31m", "").Replace("\u001b[33m", "").Replace("\u001b[1;31m", "").Replace("\u001b[0m", ""));
    }

    [Fact]
    public void Redirected_output_and_no_color_have_no_escape_sequences()
    {
        GateProcess.Result redirected = GateProcess.Run("check", "examples/owl-numbers");
        GateProcess.Result noColor = GateProcess.Run("check", "examples/owl-numbers", "--no-color");

        Assert.Equal(1, redirected.ExitCode);
        Assert.Equal(1, noColor.ExitCode);
        Assert.DoesNotContain('\u001b', redirected.Stdout);
        Assert.DoesNotContain('\u001b', noColor.Stdout);
    }
}
