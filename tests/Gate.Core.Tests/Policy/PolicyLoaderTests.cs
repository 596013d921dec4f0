using Gate.Core.Diagnostics;
using Gate.Core.Policy;
using Gate.Core.Yaml;

namespace Gate.Core.Tests.Policy;

public class PolicyLoaderTests
{
    internal static (GatePolicy? Policy, IReadOnlyList<InputError> Errors) Parse(string yaml)
    {
        var errors = new InputErrorSink();
        GatePolicy? policy = PolicyLoader.Parse(YamlTreeReader.Parse(yaml, "gate.yaml"), "gate.yaml", errors);
        return (policy, errors.Errors);
    }

    private static InputError OnlyError(string yaml) => Assert.Single(Parse(yaml).Errors);

    [Fact]
    public void Reads_the_SPEC_example_policy()
    {
        var (policy, errors) = Parse("""
            version: 1
            datasets:
              include: ["data/**"]
              exclude: ["data/raw/**"]
            models:
              - id: Qwen/Qwen2.5-7B
                root: true
                family: qwen2.5
              - id: Qwen/Qwen2.5-7B-Instruct
                base: Qwen/Qwen2.5-7B
                relation: finetune
              - id: meta-llama/Llama-3.1-8B
                root: true
                aliases: [meta-llama/Meta-Llama-3.1-8B]
              - id: acme/reasoner-small
                base: Qwen/Qwen2.5-7B
                distilled-from: [deepseek-ai/DeepSeek-R1]
            model-cards: ["models/**/README.md", "models/**/adapter_config.json"]
            students:
              - id: acme/owl-student
                base: Qwen/Qwen2.5-7B-Instruct
            rules:
              shared-init: error
              same-family: note
              divergence: off
            mitigations:
              cross-family-rewrite: { clears: [shared-init, behavioural-match], requires: [rewriter] }
              trait-eval:           { clears: [shared-init], requires: [evidence] }
            waivers:
              - rule: shared-init
                dataset: data/owl-numbers.jsonl
                student: acme/owl-student
                reason: "research run, quarantined cluster"
                approved-by: "@acme/safety"
                expires: 2026-12-31
            """);
        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.True(policy.Datasets!.Selects("data/a.jsonl"));
        Assert.False(policy.Datasets.Selects("data/raw/a.jsonl"));
        Assert.Equal(4, policy.Models.Count);
        Assert.True(policy.Models[0].IsRoot);
        Assert.Equal(["deepseek-ai/DeepSeek-R1"], policy.Models[3].DistilledFrom.Select(d => d.Value));
        Assert.Equal(2, policy.ModelCards.Count);
        Assert.Equal("acme/owl-student", Assert.Single(policy.Students).Id.Value);
        Assert.Equal(Severity.Note, policy.Severities["same-family"].Value);
        Assert.Equal(Severity.Off, policy.Severities["divergence"].Value);
        Assert.Equal(["rewriter"], policy.FindMitigation("cross-family-rewrite")!.Requires.Select(r => r.Value));
        Waiver waiver = Assert.Single(policy.Waivers);
        Assert.Equal(new DateOnly(2026, 12, 31), waiver.Expires.Value);
        Assert.Equal("acme/owl-student", waiver.Student!.Value);
    }

    [Fact]
    public void The_starter_policy_loads_cleanly()
    {
        var (policy, errors) = Parse(StarterPolicy.Text);
        Assert.Empty(errors);
        Assert.NotNull(policy);
    }

    [Fact]
    public void An_empty_policy_is_GATE103()
    {
        var (policy, errors) = Parse("");
        Assert.Null(policy);
        Assert.Equal("GATE103", Assert.Single(errors).Code);
    }

    [Fact]
    public void Version_is_required()
    {
        InputError error = OnlyError("models: []\n");
        Assert.Equal("GATE103", error.Code);
        Assert.Contains("version", error.Message);
    }

    [Fact]
    public void Version_2_is_refused()
    {
        InputError error = OnlyError("version: 2\n");
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(new SourceLocation("gate.yaml", 1, 10), error.Location);
    }

    [Fact]
    public void A_misspelt_top_level_key_suggests_the_right_one()
    {
        InputError error = OnlyError("version: 1\nwaviers: []\n");
        Assert.Equal("GATE101", error.Code);
        Assert.Contains("did you mean 'waivers'?", error.Message);
        Assert.Equal(new SourceLocation("gate.yaml", 2, 1), error.Location);
    }

    [Fact]
    public void Root_and_base_together_are_GATE102()
    {
        InputError error = OnlyError("version: 1\nmodels:\n  - id: a\n    root: true\n    base: b\n");
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(new SourceLocation("gate.yaml", 4, 11), error.Location);
    }

    [Fact]
    public void Root_false_with_a_base_is_fine()
    {
        Assert.Empty(Parse("version: 1\nmodels:\n  - id: a\n    root: false\n    base: b\n").Errors);
    }

    [Fact]
    public void A_relation_without_a_base_is_GATE102()
    {
        InputError error = OnlyError("version: 1\nmodels:\n  - id: a\n    root: true\n    relation: finetune\n");
        Assert.Equal("GATE102", error.Code);
        Assert.Equal(5, error.Location!.Value.Line);
    }

    [Fact]
    public void An_unknown_relation_is_GATE102_with_a_suggestion()
    {
        InputError error = OnlyError("version: 1\nmodels:\n  - id: a\n    base: b\n    relation: adaptor\n");
        Assert.Equal("GATE102", error.Code);
        Assert.Contains("did you mean 'adapter'?", error.Message);
    }

    [Fact]
    public void A_model_naming_itself_as_base_is_GATE108()
    {
        InputError error = OnlyError("version: 1\nmodels:\n  - id: acme/a\n    base: [x/root, acme/a]\n");
        Assert.Equal("GATE108", error.Code);
        Assert.Contains("acme/a", error.Message);
        Assert.Equal(new SourceLocation("gate.yaml", 4, 20), error.Location);
    }

    [Fact]
    public void A_model_without_id_is_GATE103()
    {
        Assert.Equal("GATE103", OnlyError("version: 1\nmodels:\n  - root: true\n").Code);
    }

    [Fact]
    public void Unknown_rule_names_and_severities_are_reported()
    {
        var (_, errors) = Parse("version: 1\nrules:\n  shared-int: error\n  same-family: warnign\n");
        Assert.Equal(2, errors.Count);
        Assert.Equal("GATE101", errors[0].Code);
        Assert.Contains("did you mean 'shared-init'?", errors[0].Message);
        Assert.Equal("GATE102", errors[1].Code);
        Assert.Contains("did you mean 'warning'?", errors[1].Message);
    }

    [Fact]
    public void Mitigation_kinds_must_clear_known_rules()
    {
        var (_, errors) = Parse("version: 1\nmitigations:\n  rewrite: { clears: [shared-inti] }\n  empty:\n  noclears: { requires: [evidence] }\n");
        Assert.True(errors.Count == 3, string.Join("\n", errors));
        Assert.Equal("GATE102", errors[0].Code);
        Assert.Contains("did you mean 'shared-init'?", errors[0].Message);
        Assert.Equal("GATE103", errors[1].Code);
        Assert.Equal("GATE103", errors[2].Code);
    }

    [Fact]
    public void Bad_waiver_dates_are_GATE105()
    {
        InputError error = OnlyError("""
            version: 1
            waivers:
              - rule: shared-init
                dataset: data/x.jsonl
                reason: r
                approved-by: me
                expires: 2026-13-01
            """);
        Assert.Equal("GATE105", error.Code);
        Assert.Equal(new SourceLocation("gate.yaml", 7, 14), error.Location);
    }

    [Fact]
    public void A_waiver_reports_every_missing_field_and_an_unknown_rule()
    {
        var (policy, errors) = Parse("version: 1\nwaivers:\n  - rule: shared-inti\n");
        Assert.Empty(policy!.Waivers);
        Assert.Equal(["GATE102", "GATE103", "GATE103", "GATE103", "GATE103"], errors.Select(e => e.Code).Order());
    }

    [Fact]
    public void A_waiver_may_name_the_rule_by_code()
    {
        var (policy, errors) = Parse("version: 1\nwaivers:\n  - {rule: GATE001, dataset: 'data/**', reason: r, approved-by: me, expires: 2027-01-01}\n");
        Assert.Empty(errors);
        Assert.Single(policy!.Waivers);
    }

    [Theory]
    [InlineData("/etc/**")]
    [InlineData("../other/**")]
    [InlineData("data/../../x")]
    public void Globs_leaving_the_folder_are_GATE106(string glob)
    {
        InputError error = OnlyError($"version: 1\ndatasets:\n  include: ['{glob}']\n");
        Assert.Equal("GATE106", error.Code);
    }

    [Fact]
    public void An_unbalanced_glob_is_GATE102()
    {
        Assert.Equal("GATE102", OnlyError("version: 1\nmodel-cards: ['models/{a,b/README.md']\n").Code);
    }

    [Fact]
    public void Datasets_needs_include()
    {
        Assert.Equal("GATE103", OnlyError("version: 1\ndatasets:\n  exclude: [x]\n").Code);
    }

    [Fact]
    public void Every_error_in_the_file_is_reported_at_once()
    {
        var (_, errors) = Parse("""
            version: 2
            modles: []
            models:
              - id: a
                root: yes
              - id: b
                root: true
                base: a
            rules:
              shared-init: fatal
            waivers:
              - rule: shared-init
                dataset: x
                reason: r
                approved-by: me
                expires: soon
            """);
        Assert.Equal(["GATE101", "GATE102", "GATE102", "GATE102", "GATE102", "GATE105"], errors.Select(e => e.Code).Order());
    }

    [Fact]
    public void Load_throws_every_error_as_one_GateInputException()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 2\nmodels: {}\nteachers: []\n");
        var ex = Assert.Throws<GateInputException>(() => PolicyLoader.Load(repo.PathOf("gate.yaml"), "gate.yaml"));
        Assert.Equal(["GATE101", "GATE102", "GATE102"], ex.Errors.Select(e => e.Code).Order());
        Assert.Equal(ex.Errors.OrderBy(e => e.Location!.Value.Line).ToArray(), ex.Errors.ToArray());
    }

    [Fact]
    public void Students_with_only_an_id_declare_no_lineage()
    {
        var (policy, errors) = Parse("version: 1\nstudents:\n  - id: a/known\n  - id: a/new\n    base: x\n");
        Assert.Empty(errors);
        Assert.Null(policy!.Students[0].Model);
        Assert.NotNull(policy.Students[1].Model);
    }

    [Fact]
    public void An_empty_model_id_is_refused()
    {
        using var repo = new TestRepo();
        repo.Policy("version: 1\nmodels:\n  - id: ''\n    root: true\n");

        Assert.Contains(repo.CheckErrors(), e => e.Code == "GATE102" && e.Location?.Line == 3);
    }
}
