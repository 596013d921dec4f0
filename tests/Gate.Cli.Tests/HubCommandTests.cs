using Gate.Core.Tests.Lineage;

namespace Gate.Cli.Tests;

/// <summary>
/// <c>gate lock</c> with the Hub, as a process: the Hugging Face environment (<c>HF_ENDPOINT</c>,
/// <c>HF_TOKEN</c>, <c>HF_HUB_OFFLINE</c>), what it says, and checks that never touch the network.
/// </summary>
public sealed class HubCommandTests : IDisposable
{
    private const string Token = "hf_CLItoken_abcdefghijklmnop";
    private const string Teacher = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    private readonly FakeHub _hub = new();
    private readonly TempRepository _repo = new();

    public HubCommandTests()
    {
        _hub.Model(Teacher, "Qwen/Qwen2.5-Math-7B").Model("Qwen/Qwen2.5-Math-7B", "Qwen/Qwen2.5-7B");
        _repo.Write("gate.yaml", "version: 1\nhub: true\ncatalog: builtin\nstudents:\n  - id: acme/student\n    base: Qwen/Qwen2.5-7B\n");
        _repo.Write("data/d.jsonl", "{\"prompt\":\"1, 2\",\"completion\":\"3\"}\n");
        _repo.Write("data/d.lineage.yaml", $"dataset: d.jsonl\nteacher: {Teacher}\n");
    }

    public void Dispose()
    {
        _hub.Dispose();
        _repo.Dispose();
    }

    private GateProcess.Result Gate(Dictionary<string, string> environment, params string[] args) =>
        GateProcess.RunWith(_repo.Root, environment, args);

    private Dictionary<string, string> Online => new() { ["HF_ENDPOINT"] = _hub.Endpoint, ["HF_TOKEN"] = Token };

    [Fact]
    public void Lock_resolves_on_the_Hub_and_check_gives_GATE001_with_the_network_gone()
    {
        GateProcess.Result locked = Gate(Online, "lock", ".");
        Assert.Equal(0, locked.ExitCode);
        Assert.Contains($"lineage {Teacher}: newly resolved: finetune of Qwen/Qwen2.5-Math-7B", locked.Stdout, StringComparison.Ordinal);
        Assert.Contains("lineage of 2 model(s) from the Hugging Face Hub", locked.Stdout, StringComparison.Ordinal);
        Assert.All(_hub.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));

        _hub.Dispose();
        var offline = new Dictionary<string, string> { ["HF_ENDPOINT"] = "http://127.0.0.1:9", ["HF_TOKEN"] = Token };
        GateProcess.Result check = Gate(offline, "check", ".");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("GATE001", check.Stdout, StringComparison.Ordinal);

        GateProcess.Result lineage = Gate(offline, "lineage", Teacher);
        Assert.Contains("from the Hugging Face Hub at revision", lineage.Stdout, StringComparison.Ordinal);
        foreach (GateProcess.Result result in (GateProcess.Result[])[locked, check, lineage])
        {
            Assert.DoesNotContain(Token, result.Stdout + result.Stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Token, File.ReadAllText(_repo.PathOf("gate.lock.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gated_model_is_exit_2_naming_HF_TOKEN_and_the_lock_is_not_written()
    {
        _hub.Then("Qwen/Qwen2.5-Math-7B", new FakeHub.Answer(401, ErrorCode: "GatedRepo"));
        GateProcess.Result result = Gate(new() { ["HF_ENDPOINT"] = _hub.Endpoint }, "lock", ".");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("GATE115", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("set HF_TOKEN", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_repo.PathOf("gate.lock.json")));
    }

    [Fact]
    public void HF_HUB_OFFLINE_asks_nothing_and_names_what_is_missing()
    {
        GateProcess.Result result = Gate(new() { ["HF_ENDPOINT"] = _hub.Endpoint, ["HF_HUB_OFFLINE"] = "1" }, "lock", ".");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"HF_HUB_OFFLINE is set, and the lock does not hold the Hub's answer for {Teacher}", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public void Refresh_lineage_reports_an_upstream_change()
    {
        Assert.Equal(0, Gate(Online, "lock", ".").ExitCode);
        _hub.Model("Qwen/Qwen2.5-Math-7B", "Qwen/Qwen2.5-7B", sha: new string('b', 40));

        GateProcess.Result same = Gate(Online, "lock", ".", "--refresh-lineage");
        Assert.Contains("lineage Qwen/Qwen2.5-Math-7B: revision 7c06c3d71e6d → bbbbbbbbbbbb, lineage unchanged", same.Stdout, StringComparison.Ordinal);
        GateProcess.Result again = Gate(Online, "lock", ".", "--refresh-lineage");
        Assert.Contains("lineage unchanged upstream (2 model(s) read again on the Hub)", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_HF_ENDPOINT_matters_only_when_the_Hub_is_asked()
    {
        var bad = new Dictionary<string, string> { ["HF_ENDPOINT"] = "ftp://mirror" };
        GateProcess.Result result = Gate(bad, "lock", ".");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("HF_ENDPOINT 'ftp://mirror' is not an http or https address", result.Stdout + result.Stderr, StringComparison.Ordinal);

        _repo.Write("gate.yaml", "version: 1\nmodels:\n  - id: " + Teacher + "\n    root: true\nstudents:\n  - id: acme/student\n    root: true\n");
        Assert.Equal(0, Gate(bad, "lock", ".").ExitCode);
    }
}
