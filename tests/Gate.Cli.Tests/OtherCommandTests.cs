using System.Text.Json;

namespace Gate.Cli.Tests;

public sealed class OtherCommandTests
{
    [Theory]
    [InlineData("GATE001", "shared-init")]
    [InlineData("shared-init", "Evidence:")]
    [InlineData("gate004", "unknown-model")]
    [InlineData("GATE101", "unknown-key")]
    public void Explain_prints_the_rule_definition(string rule, string expected)
    {
        var result = GateProcess.Run("explain", rule);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(expected, result.Stdout);
    }

    [Fact]
    public void Explain_without_argument_lists_every_rule()
    {
        var result = GateProcess.Run("explain");

        Assert.Equal(0, result.ExitCode);
        foreach (string code in new[] { "GATE001", "GATE002", "GATE003", "GATE004", "GATE005", "GATE006", "GATE007", "GATE008", "GATE009", "GATE010", "GATE011", "GATE100", "GATE111", "GATE112", "GATE199" })
        {
            Assert.Contains(code, result.Stdout);
        }
    }

    [Fact]
    public void Explain_unknown_rule_suggests_and_exits_two()
    {
        var result = GateProcess.Run("explain", "shared-int");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean 'shared-init'?", result.Stderr);
    }

    [Fact]
    public void Init_writes_a_policy_that_gate_reads_and_never_overwrites()
    {
        using var repo = new TempRepository();

        var first = GateProcess.Run("init", repo.Root);
        var check = GateProcess.Run("check", repo.Root);
        var second = GateProcess.Run("init", repo.Root);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(check.ExitCode == 0, check.ToString()); // no datasets yet: nothing to fail
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("already exists", second.Stderr);
    }

    [Fact]
    public void Lineage_shows_the_ancestry_to_the_root()
    {
        var result = GateProcess.Run("lineage", "acme/owl-student", "--policy", "examples/owl-numbers/gate.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("acme/owl-student", result.Stdout);
        Assert.Contains("finetune of Qwen/Qwen2.5-7B-Instruct", result.Stdout);
        Assert.Contains("finetune of Qwen/Qwen2.5-7B  (root; family qwen2.5", result.Stdout);
    }

    [Fact]
    public void Lineage_json_reads_model_cards()
    {
        var result = GateProcess.Run("lineage", "deepseek-ai/DeepSeek-R1", "--policy", "examples/cross-family/gate.yaml", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var ancestors = json.RootElement.GetProperty("ancestors").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(["deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3-Base"], ancestors);
        Assert.True(json.RootElement.GetProperty("resolved").GetBoolean());
    }

    [Fact]
    public void Lineage_of_an_unknown_model_exits_one()
    {
        var result = GateProcess.Run("lineage", "nobody/knows", "--policy", "examples/owl-numbers/gate.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("UNKNOWN", result.Stdout);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("lineage")]
    [InlineData("explain")]
    [InlineData("init")]
    public void Every_verb_has_help(string verb)
    {
        var result = GateProcess.Run(verb, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
    }
}
