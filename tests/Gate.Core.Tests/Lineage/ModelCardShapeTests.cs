using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Lineage;

/// <summary>
/// Model cards as they are written in the wild (each shape reproduced in a small card of our own):
/// Gate reads what the Hugging Face Hub reads, and tells the truth when a card says nothing.
/// </summary>
public sealed class ModelCardShapeTests
{
    private const string CardGlobs = "model-cards: [\"models/**/README.md\", \"models/**/adapter_config.json\"]\n";

    private static TestRepo Repo(string teacher = "acme/x", string studentBase = "acme/owl-teacher")
    {
        var repo = new TestRepo();
        repo.Policy("version: 1\n" + CardGlobs + Fixtures.Models + $"students:\n  - id: acme/s\n    base: {studentBase}\n");
        repo.Dataset("d", $"teacher: {teacher}\n");
        return repo;
    }

    private static IReadOnlyList<string> BasesOf(TestRepo repo, string id = "acme/x") =>
        repo.Load().Registry.Find(id)?.Bases.Select(b => b.Value).ToArray() ?? [];

    [Theory]
    [InlineData("\n\n---\nbase_model: Qwen/Qwen2.5-7B\n---\n# card\n", 4)]
    [InlineData("  \n\t\n---\nbase_model: Qwen/Qwen2.5-7B\n---\n", 4)]
    [InlineData("\r\n\r\n---\r\nbase_model: Qwen/Qwen2.5-7B\r\n---\r\n", 4)]
    [InlineData("---\nlicense: mit\n\nbase_model: Qwen/Qwen2.5-7B\n---", 4)]
    public void Front_matter_after_blank_lines_and_in_CRLF_is_read_with_its_own_line_numbers(string card, int line)
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", card);
        ModelDeclaration declaration = repo.Load().Registry.Find("acme/x")!;
        Assert.Equal(line, Assert.Single(declaration.Bases).Location.Line);
    }

    [Theory]
    [InlineData("---\nbase_model: Qwen/Qwen2.5-7B\n--- \n")] // the Hub's closing line is exactly ---
    [InlineData("text first\n---\nbase_model: Qwen/Qwen2.5-7B\n---\n")]
    public void What_the_Hub_reads_as_no_metadata_adds_nothing(string card)
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", card);
        Assert.Empty(BasesOf(repo));
    }

    [Theory]
    [InlineData("base_model: ''\n")]
    [InlineData("base_model: []\n")]
    [InlineData("base_model:\n")]
    [InlineData("base_model: [null, '']\n")]
    public void An_empty_base_model_names_no_model_and_the_adapter_config_beside_it_gives_the_base(string line)
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", "---\n" + line + "---\n");
        repo.Write("models/acme/x/adapter_config.json", "{\"base_model_name_or_path\": \"Qwen/Qwen2.5-7B\"}");
        Assert.Equal(["Qwen/Qwen2.5-7B"], BasesOf(repo));
        Assert.Equal("GATE001", Assert.Single(repo.Check().Findings).Rule.Code);
    }

    [Theory]
    [InlineData("tags: [text-generation, 'base_model:finetune:Qwen/Qwen2.5-7B']\n", "finetune")]
    [InlineData("tags:\n  - base_model:quantized:Qwen/Qwen2.5-7B\n", "quantized")]
    [InlineData("base_model: ''\ntags: ['base_model:Qwen/Qwen2.5-7B']\n", null)]
    [InlineData("base_model: https://huggingface.co/Qwen/Qwen2.5-7B\n", null)]
    [InlineData("base_model: hf.co/Qwen/Qwen2.5-7B\n", null)]
    [InlineData("base_model: \"Qwen/Qwen2.5-7B \"\n", null)]
    public void The_Hubs_base_model_tags_and_address_forms_name_the_base(string yaml, string? relation)
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", "---\n" + yaml + "---\n");
        ModelDeclaration declaration = repo.Load().Registry.Find("acme/x")!;
        Assert.Equal("Qwen/Qwen2.5-7B", Assert.Single(declaration.Bases).Value);
        Assert.Equal(relation, declaration.Relation?.Value);
    }

    [Theory]
    [InlineData("base_model: ./checkpoints/step-1000\n")]
    [InlineData("base_model: /home/me/models/base\n")]
    [InlineData("base_model: https://example.com/models/base\n")]
    public void A_base_that_is_a_local_path_or_another_address_is_GATE102_at_the_card(string yaml)
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", "---\n" + yaml + "---\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(new SourceLocation("models/acme/x/README.md", 2, 13), error.Location);
    }

    [Fact]
    public void A_key_written_twice_away_from_lineage_is_read_as_the_Hub_reads_it_and_warned()
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", "---\nlicense: mit\nbase_model: Qwen/Qwen2.5-7B\nlicense: apache-2.0\nmodel-index:\n  - name: x\n    results: []\n    name: y\n---\n");

        GateReport report = repo.Check();
        Assert.Equal(["Qwen/Qwen2.5-7B"], BasesOf(repo));
        Finding[] slips = [.. report.Findings.Where(f => f.Rule.Code == "GATE012")];
        Assert.Equal(2, slips.Length);
        Assert.All(slips, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.Contains("the key 'license' appears twice in the front matter (first at line 2)", slips[0].Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation("models/acme/x/README.md", 4, 1), slips[0].Location);
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE001");
    }

    [Theory]
    [InlineData("base_model: Qwen/Qwen2.5-7B\nbase_model: deepseek-ai/DeepSeek-R1\n", "base_model")]
    [InlineData("base_model: Qwen/Qwen2.5-7B\nbase_model_relation: finetune\nbase_model_relation: merge\n", "base_model_relation")]
    [InlineData("base_model: Qwen/Qwen2.5-7B\ntags: [a]\ntags: [b]\n", "tags")]
    public void A_key_written_twice_in_the_lineage_keys_stays_an_error(string yaml, string key)
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", "---\n" + yaml + "---\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE104", error.Code);
        Assert.Contains($"'{key}' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_committed_card_that_declares_no_base_says_so_instead_of_asking_for_the_card()
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", "---\nlicense: mit\nbase_model: []\n---\n# A fine-tune\n");
        Finding finding = Assert.Single(repo.Check().Findings);
        Assert.Equal("GATE004", finding.Rule.Code);
        Assert.Contains("is described by its model card models/acme/x/README.md, which declares no base_model", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("commit its model card", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_card_with_nested_metadata_is_read()
    {
        using var repo = Repo();
        string body = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"Line {i} of the card's prose, with `code` and | tables |.\n"));
        repo.Write("models/acme/x/README.md",
            "---\nlanguage: [en, zh]\nbase_model:\n- Qwen/Qwen2.5-7B\nbase_model_relation: finetune\nmodel-index:\n- name: x\n  results:\n  - task: {type: text-generation}\n    metrics:\n    - {type: accuracy, value: 0.5}\nwidget:\n- text: \"---\"\n---\n" + body);
        Assert.Equal(["Qwen/Qwen2.5-7B"], BasesOf(repo));
    }

    [Fact]
    public void A_card_of_a_million_blank_lines_is_read_in_linear_time()
    {
        using var repo = Repo();
        repo.Write("models/acme/x/README.md", new string('\n', 1_000_000) + "x");
        Assert.Empty(BasesOf(repo));
    }
}
