namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 8: output that lies or attacks. What a repository holds reaches a terminal, a CI log, a job
/// summary or a PR comment only escaped for that sink: it cannot hide the FAIL line, forge a
/// workflow command, or add a heading, HTML or a mention.
/// </summary>
public sealed class OutputAttacks
{
    /// <summary>A generator value that clears the screen, prints a green PASS, then forges workflow commands.</summary>
    private const string Hostile = "\\u001b[2J\\u001b[1;32mPASS: 0 errors\\u001b[0m\\n::add-mask::FAIL\\n::error::forged\\r##[warning]forged\\n## \\u2705 Gate: pass <img src=x> @acme/safety";

    private static AttackRepository Repository()
    {
        var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\ngenerator-field: generator\n",
            $"{{\"generator\":\"{Hostile}\",\"completion\":\"1\"}}\n");
        return repo.Locked();
    }

    [Fact]
    public void The_terminal_sees_escapes_as_text_and_the_FAIL_line_last()
    {
        using var repo = Repository();
        GateProcess.Result result = repo.Check();

        Verdicts.Fails(result, "GATE007");
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.Contains("\\u001B[2J", result.Stdout, StringComparison.Ordinal);
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("FAIL: 1 error", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("::", StringComparison.Ordinal) || l.TrimStart().StartsWith("##", StringComparison.Ordinal));
    }

    [Fact]
    public void In_a_GitHub_Actions_step_the_report_is_bracketed_so_the_runner_reads_no_command_from_it()
    {
        using var repo = Repository();
        GateProcess.Result result = repo.RunWith(new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" }, "check", repo.Root);

        Verdicts.Fails(result, "GATE007");
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^::stop-commands::gate-[0-9a-f]{32}$", lines[0]);
        string token = lines[0]["::stop-commands::".Length..];
        Assert.Equal($"::{token}::", lines[^1]);
        Assert.Single(lines, l => l.Contains(token, StringComparison.Ordinal) && l != lines[0]);
    }

    [Fact]
    public void The_github_format_escapes_every_annotation_into_one_line()
    {
        using var repo = Repository();
        GateProcess.Result result = repo.Check("--format", "github");

        Verdicts.Fails(result, "GATE007");
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.StartsWith("::error file=data/numbers.lineage.yaml,line=", l, StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.DoesNotContain('\r', result.Stdout);
    }

    [Fact]
    public void The_markdown_summary_has_one_verdict_heading_no_html_and_no_mention()
    {
        using var repo = Repository();
        GateProcess.Result result = repo.Check("--format", "markdown");

        Verdicts.Fails(result, "GATE007");
        string[] lines = result.Stdout.Split('\n');
        Assert.Equal(["## ❌ Gate: fail"], lines.Where(l => l.StartsWith('#')));
        Assert.DoesNotMatch(@"(?<!\\)<img", result.Stdout);
        Assert.DoesNotContain("@acme", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    /// <summary>JSON and SARIF keep text readable but write every character that would not show as itself escaped: a right-to-left override cannot reorder a finding in a viewer.</summary>
    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("text")]
    public void Json_sarif_and_text_escape_hidden_characters(string format)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\ngenerator-field: generator\n",
            "{\"generator\":\"acme/ok\\u202Erehcaet-lwo\\u200B caf\u00e9\\u3164\\uFE0F\",\"completion\":\"1\"}\n");
        GateProcess.Result result = repo.Locked().Check("--format", format);

        Verdicts.Fails(result, "GATE007");
        Assert.DoesNotContain('\u202E', result.Stdout);
        Assert.DoesNotContain('\u200B', result.Stdout);
        Assert.DoesNotContain('\u3164', result.Stdout); // a Hangul filler draws nothing
        Assert.DoesNotContain('\uFE0F', result.Stdout);
        Assert.Contains("\\u202E", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\\u3164", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("caf\u00e9", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_errors_quote_names_escaped()
    {
        using var repo = new AttackRepository();
        repo.Write("data/x.lineage.yaml", "dataset: \"\\u001b[32mok.jsonl\"\nteacher: acme/owl-teacher\n");

        GateProcess.Result result = repo.Check();
        Assert.DoesNotContain('\u001b', result.Stderr + result.Stdout);
    }
}
