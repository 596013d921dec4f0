using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Repository;

namespace Gate.Core.Tests.Lineage;

public class ModelCardReaderTests
{
    private const string CardGlobs = "model-cards: [\"models/**/README.md\", \"models/**/adapter_config.json\"]\n";

    /// <summary>
    /// A repo whose teacher is <paramref name="teacher"/>, which only model cards may describe, and
    /// whose student is based on <paramref name="studentBase"/>, from the registry (a card never
    /// describes a student's side).
    /// </summary>
    private static TestRepo Repo(string teacher, string studentBase = "acme/owl-teacher")
    {
        var repo = new TestRepo();
        repo.Policy("version: 1\n" + CardGlobs + Fixtures.Models + $"students:\n  - id: acme/s\n    base: {studentBase}\n");
        repo.Dataset("d", $"teacher: {teacher}\n");
        return repo;
    }

    [Theory]
    [InlineData("models/Qwen/QwQ-32B/README.md", "models/**/README.md", "Qwen/QwQ-32B")]
    [InlineData("models/Qwen/QwQ-32B/adapter_config.json", "models/**/adapter_config.json", "Qwen/QwQ-32B")]
    [InlineData("models/solo/README.md", "models/**/README.md", "solo")]
    [InlineData("models/README.md", "models/**/README.md", "")]
    [InlineData("hub/models/a/b/README.md", "hub/models/**/README.md", "a/b")]
    [InlineData("org/name/README.md", "**/README.md", "org/name")]
    [InlineData("modelsX/a/README.md", "models/**/README.md", "")]
    public void The_model_id_is_the_folder_below_the_fixed_part_of_the_glob(string card, string glob, string id)
    {
        Assert.Equal(id, ModelCardReader.ModelIdOf(card, Glob.Parse(glob)));
    }

    [Fact]
    public void README_front_matter_base_model_as_a_string_adds_an_entry()
    {
        using var repo = Repo("Qwen/QwQ-32B");
        repo.Write("models/Qwen/QwQ-32B/README.md", "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-7B-Instruct\nbase_model_relation: finetune\n---\n# QwQ\n");
        GateWorkspace workspace = repo.Load();
        ModelDeclaration card = workspace.Registry.Find("Qwen/QwQ-32B")!;
        Assert.Equal(ModelSource.ModelCard, card.Source);
        Assert.Equal("finetune", card.Relation!.Value);
        Located<string> b = Assert.Single(card.Bases);
        Assert.Equal(new SourceLocation("models/Qwen/QwQ-32B/README.md", 3, 13), b.Location);

        var shared = Assert.Single(repo.Check().Findings);
        Assert.Equal("GATE001", shared.Rule.Code);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", shared.Shared);
    }

    [Fact]
    public void README_front_matter_base_model_as_a_list_is_a_merge()
    {
        using var repo = Repo("acme/merged", studentBase: "deepseek-ai/DeepSeek-R1");
        repo.Write("models/acme/merged/README.md", "---\nbase_model:\n  - meta-llama/Llama-3.1-8B\n  - deepseek-ai/DeepSeek-R1\nbase_model_relation: merge\n---\n");
        Assert.Equal(2, repo.Load().Registry.Find("acme/merged")!.Bases.Count);
        var finding = Assert.Single(repo.Check().Findings);
        Assert.Equal(("GATE001", "deepseek-ai/DeepSeek-R1"), (finding.Rule.Code, finding.Shared));
    }

    [Fact]
    public void An_unusual_relation_is_dropped_not_refused()
    {
        using var repo = Repo("acme/x", studentBase: "deepseek-ai/DeepSeek-R1");
        repo.Write("models/acme/x/README.md", "---\nbase_model: meta-llama/Llama-3.1-8B\nbase_model_relation: distillation\n---\n");
        Assert.Null(repo.Load().Registry.Find("acme/x")!.Relation);
    }

    [Fact]
    public void A_front_matter_with_CRLF_and_a_BOM_is_read()
    {
        using var repo = Repo("acme/x");
        repo.WriteBytes("models/acme/x/README.md", [0xEF, 0xBB, 0xBF, .. "---\r\nbase_model: Qwen/Qwen2.5-7B\r\n---\r\ntext\r\n"u8.ToArray()]);
        Assert.Equal("Qwen/Qwen2.5-7B", Assert.Single(repo.Load().Registry.Find("acme/x")!.Bases).Value);
    }

    [Fact]
    public void PEFT_adapter_config_adds_an_adapter_entry()
    {
        using var repo = Repo("acme/lora");
        repo.Write("models/acme/lora/adapter_config.json", "{\n  \"peft_type\": \"LORA\",\n  \"base_model_name_or_path\": \"Qwen/Qwen2.5-7B-Instruct\",\n  \"r\": 8\n}\n");
        ModelDeclaration card = repo.Load().Registry.Find("acme/lora")!;
        Assert.Equal("adapter", card.Relation!.Value);
        Assert.Equal(3, Assert.Single(card.Bases).Location.Line);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", Assert.Single(repo.Check().Findings).Shared);
    }

    [Fact]
    public void A_README_and_an_adapter_config_of_one_model_merge_their_bases()
    {
        using var repo = Repo("acme/m", studentBase: "deepseek-ai/DeepSeek-R1");
        repo.Write("models/acme/m/README.md", "---\nbase_model: Qwen/Qwen2.5-7B\n---\n");
        repo.Write("models/acme/m/adapter_config.json", "{\"base_model_name_or_path\": \"deepseek-ai/DeepSeek-R1\"}");
        Assert.Equal(["Qwen/Qwen2.5-7B", "deepseek-ai/DeepSeek-R1"], repo.Load().Registry.Find("acme/m")!.Bases.Select(b => b.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_registry_wins_over_a_card()
    {
        using var repo = Repo("Qwen/Qwen2.5-7B-Instruct");
        // The card claims another base; the registry says Instruct descends from Qwen/Qwen2.5-7B.
        repo.Write("models/Qwen/Qwen2.5-7B-Instruct/README.md", "---\nbase_model: deepseek-ai/DeepSeek-R1\n---\n");
        ModelDeclaration declaration = repo.Load().Registry.Find("Qwen/Qwen2.5-7B-Instruct")!;
        Assert.Equal(ModelSource.Registry, declaration.Source);
        Assert.Equal("Qwen/Qwen2.5-7B", Assert.Single(declaration.Bases).Value);
    }

    [Fact]
    public void The_registry_wins_over_a_card_naming_a_model_by_alias()
    {
        using var repo = Repo("meta-llama/Meta-Llama-3.1-8B", studentBase: "deepseek-ai/DeepSeek-R1");
        repo.Write("models/meta-llama/Meta-Llama-3.1-8B/README.md", "---\nbase_model: deepseek-ai/DeepSeek-R1\n---\n");
        Assert.Empty(repo.Check().Findings);
    }

    [Fact]
    public void A_card_without_base_model_adds_nothing_and_the_model_stays_unknown()
    {
        using var repo = Repo("acme/mystery");
        repo.Write("models/acme/mystery/README.md", "---\nlicense: mit\ntags: [text-generation]\n---\n# A model\n");
        Assert.Null(repo.Load().Registry.Find("acme/mystery"));
        var finding = Assert.Single(repo.Check().Findings);
        Assert.Equal("GATE004", finding.Rule.Code);
        Assert.Contains("acme/mystery", finding.Message);
    }

    [Theory]
    [InlineData("# No front matter\nbase_model: Qwen/Qwen2.5-7B\n")]
    [InlineData("---\nbase_model: Qwen/Qwen2.5-7B\n")]
    [InlineData("")]
    public void A_README_without_closed_front_matter_adds_nothing(string text)
    {
        using var repo = Repo("acme/mystery");
        repo.Write("models/acme/mystery/README.md", text);
        Assert.Null(repo.Load().Registry.Find("acme/mystery"));
    }

    [Fact]
    public void A_card_outside_the_globs_is_ignored()
    {
        using var repo = Repo("acme/mystery");
        repo.Write("other/acme/mystery/README.md", "---\nbase_model: Qwen/Qwen2.5-7B\n---\n");
        Assert.Null(repo.Load().Registry.Find("acme/mystery"));
    }

    [Fact]
    public void Malformed_adapter_JSON_is_GATE100_at_the_card()
    {
        using var repo = Repo("acme/lora");
        repo.Write("models/acme/lora/adapter_config.json", "{\n  \"base_model_name_or_path\": \"Qwen/Qwen2.5-7B\",\n  \"r\": 8,,\n}\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE100", error.Code);
        Assert.Equal("models/acme/lora/adapter_config.json", error.Location!.Value.File);
        Assert.Equal(3, error.Location.Value.Line);
    }

    [Fact]
    public void A_non_string_base_model_name_or_path_is_GATE102()
    {
        using var repo = Repo("acme/lora");
        repo.Write("models/acme/lora/adapter_config.json", "{\"base_model_name_or_path\": 42}");
        Assert.Equal("GATE102", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void A_null_base_model_name_or_path_adds_nothing()
    {
        using var repo = Repo("acme/lora");
        repo.Write("models/acme/lora/adapter_config.json", "{\"base_model_name_or_path\": null}");
        Assert.Null(repo.Load().Registry.Find("acme/lora"));
    }

    [Fact]
    public void Malformed_front_matter_is_GATE100_at_its_line()
    {
        using var repo = Repo("acme/x");
        repo.Write("models/acme/x/README.md", "---\nlicense: mit\nbase_model: [Qwen/Qwen2.5-7B\n---\n");
        InputError error = Assert.Single(repo.CheckErrors());
        Assert.Equal("GATE100", error.Code);
        Assert.Equal("models/acme/x/README.md", error.Location!.Value.File);
        Assert.True(error.Location.Value.Line >= 3);
    }

    [Fact]
    public void Front_matter_with_an_anchor_is_refused()
    {
        using var repo = Repo("acme/x");
        repo.Write("models/acme/x/README.md", "---\nbase_model: &b Qwen/Qwen2.5-7B\n---\n");
        Assert.Equal("GATE100", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void A_card_that_is_a_link_outside_is_GATE106()
    {
        using var outside = new TestRepo();
        outside.Write("README.md", "---\nbase_model: Qwen/Qwen2.5-7B\n---\n");
        using var repo = Repo("acme/x");
        Directory.CreateDirectory(repo.PathOf("models/acme/x"));
        File.CreateSymbolicLink(repo.PathOf("models/acme/x/README.md"), outside.PathOf("README.md"));
        Assert.Equal("GATE106", Assert.Single(repo.CheckErrors()).Code);
    }

    [Fact]
    public void A_card_may_form_a_cycle_with_the_registry_and_that_is_GATE108()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\n" + CardGlobs + "models:\n  - id: acme/a\n    base: acme/b\nstudents:\n  - id: acme/a\n");
        repo.Dataset("d", "teacher: acme/a\n");
        repo.Write("models/acme/b/README.md", "---\nbase_model: acme/a\n---\n");
        Assert.Equal("GATE108", Assert.Single(repo.CheckErrors()).Code);
    }
}
