using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Locking;
using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Lineage;

/// <summary>
/// The Hugging Face Hub as a lineage source, against a fake Hub on 127.0.0.1: <c>gate lock</c>
/// resolves what no other source declares and records it; checks then use no network; every answer
/// Gate cannot trust is GATE115 with the previous lock untouched.
/// </summary>
public sealed class HubLineageTests : IDisposable
{
    private const string Teacher = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    private readonly FakeHub _hub = new();
    private readonly TestRepo _repo = new();

    public HubLineageTests()
    {
        _hub.Model(Teacher, "Qwen/Qwen2.5-Math-7B")
            .Model("Qwen/Qwen2.5-Math-7B", "Qwen/Qwen2.5-7B");
        Policy();
        _repo.Dataset("d", $"teacher: {Teacher}\n");
    }

    public void Dispose()
    {
        _hub.Dispose();
        _repo.Dispose();
    }

    private void Policy(string extra = "") => _repo.Policy($"""
        version: 1
        hub: {"{"} endpoint: "{_hub.Endpoint}" {"}"}
        catalog: builtin
        students:
          - id: acme/student
            base: Qwen/Qwen2.5-7B
        {extra}
        """);

    private GateCheckOptions Options(HubConnection? hub = null, bool refresh = false) =>
        new(_repo.Root, TestRepo.Today)
        {
            Hub = hub ?? new HubConnection { FirstBackoff = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(10) },
            RefreshLineage = refresh,
        };

    private LockOutcome Lock(HubConnection? hub = null, bool refresh = false) => GateRun.LockWithLineage(Options(hub, refresh));

    private InputError LockFails(HubConnection? hub = null)
    {
        string lockPath = _repo.PathOf("gate.lock.json");
        byte[]? before = File.Exists(lockPath) ? File.ReadAllBytes(lockPath) : null;
        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => Lock(hub)).Errors);
        Assert.Equal(before, File.Exists(lockPath) ? File.ReadAllBytes(lockPath) : null);
        return error;
    }

    [Fact]
    public void Lock_resolves_a_chain_on_the_Hub_and_check_then_finds_the_shared_initialization_offline()
    {
        LockOutcome outcome = Lock();

        Assert.Equal(
            [("Qwen/Qwen2.5-Math-7B", "found", FakeHub.Sha("Qwen/Qwen2.5-Math-7B"), "Qwen/Qwen2.5-7B"), (Teacher, "found", FakeHub.Sha(Teacher), "Qwen/Qwen2.5-Math-7B")],
            outcome.Lock.Models.Select(m => (m.Id, m.Status, m.Revision, Assert.Single(m.Bases))).OrderBy(m => m.Id, StringComparer.Ordinal));
        Assert.Equal(0, _hub.RequestsFor("Qwen/Qwen2.5-7B")); // the catalog's root: never asked
        Assert.Contains($"{Teacher}: newly resolved: finetune of Qwen/Qwen2.5-Math-7B", outcome.LineageChanges);
        string text = File.ReadAllText(_repo.PathOf("gate.lock.json"));
        Assert.Contains("\"models\": [", text, StringComparison.Ordinal);

        _hub.Dispose(); // no network from here on
        GateReport report = GateRun.Check(Options());
        Finding finding = Assert.Single(report.Findings);
        Assert.Equal(("GATE001", "Qwen/Qwen2.5-7B"), (finding.Rule.Code, finding.Shared));

        // A second lock reuses what the lock holds: still no network.
        Assert.Equal(text, LockAgainText());
    }

    private string LockAgainText()
    {
        Lock();
        return File.ReadAllText(_repo.PathOf("gate.lock.json"));
    }

    [Fact]
    public void A_model_the_Hub_does_not_have_is_GATE004_saying_so()
    {
        _hub.Then("Qwen/Qwen2.5-Math-7B", new FakeHub.Answer(404));
        Lock();
        Finding finding = Assert.Single(GateRun.Check(Options()).Findings);
        Assert.Equal("GATE004", finding.Rule.Code);
        Assert.Contains("Qwen/Qwen2.5-Math-7B, in the lineage of the teacher", finding.Message, StringComparison.Ordinal);
        Assert.Contains("was not found on the Hugging Face Hub", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_base_on_the_Hub_is_not_a_root()
    {
        _hub.Model("Qwen/Qwen2.5-Math-7B");
        Lock();
        Finding finding = Assert.Single(GateRun.Check(Options()).Findings);
        Assert.Equal("GATE004", finding.Rule.Code);
        Assert.Contains($"has a card on the Hugging Face Hub (read at revision {FakeHub.Sha("Qwen/Qwen2.5-Math-7B")}) that declares no base_model", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "set HF_TOKEN")]
    [InlineData("GatedRepo", "a gated model")]
    public void A_gated_or_private_model_is_GATE115_naming_the_model_and_HF_TOKEN(string? code, string words)
    {
        _hub.Then("Qwen/Qwen2.5-Math-7B", new FakeHub.Answer(403, ErrorCode: code));
        InputError error = LockFails();
        Assert.Equal("GATE115", error.Code);
        Assert.Contains("'Qwen/Qwen2.5-Math-7B'", error.Message, StringComparison.Ordinal);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_goes_to_the_Hub_and_nowhere_else()
    {
        const string Token = "hf_SECRETtoken0123456789";
        var hub = new HubConnection { Token = Token, Endpoint = new Uri(_hub.Endpoint), FirstBackoff = TimeSpan.FromMilliseconds(10) };
        Lock(hub);
        Assert.All(_hub.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
        Assert.DoesNotContain(Token, File.ReadAllText(_repo.PathOf("gate.lock.json")), StringComparison.Ordinal);

        _repo.Dataset("e", "teacher: acme/gated\n");
        _hub.Then("acme/gated", new FakeHub.Answer(401));
        InputError error = LockFails(hub);
        Assert.Contains("the token in HF_TOKEN may not read it", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A gate.yaml (a pull request's, in CI) naming its own endpoint never receives the host's token.</summary>
    [Fact]
    public void The_token_is_not_sent_to_an_endpoint_only_the_policy_names()
    {
        const string Token = "hf_HOSTtoken0123456789";
        Lock(HubConnection.FromVariables(name => name == "HF_TOKEN" ? Token : null) with { FirstBackoff = TimeSpan.FromMilliseconds(10) });
        Assert.NotEmpty(_hub.Requests);
        Assert.All(_hub.Requests, r => Assert.Null(r.Authorization));

        _repo.Dataset("e", "teacher: acme/gated\n");
        _hub.Then("acme/gated", new FakeHub.Answer(401));
        InputError error = LockFails(HubConnection.FromVariables(name => name == "HF_TOKEN" ? Token : null));
        Assert.Contains("HF_TOKEN is not sent to the endpoint gate.yaml names", error.Message, StringComparison.Ordinal);

        // The host's own endpoint, named in gate.yaml too, gets it.
        _hub.Model("acme/gated", "Qwen/Qwen2.5-Math-7B");
        Lock(HubConnection.FromVariables(name => name == "HF_TOKEN" ? Token : name == "HF_ENDPOINT" ? _hub.Endpoint : null));
        Assert.Contains(_hub.Requests, r => r.Path.EndsWith("acme/gated", StringComparison.Ordinal) && r.Authorization == $"Bearer {Token}");
    }

    [Fact]
    public void Retry_After_is_honoured_and_the_lock_succeeds()
    {
        _hub.Then(Teacher, new FakeHub.Answer(429, RetryAfter: "1"), new FakeHub.Answer(503));
        Lock();
        Assert.Equal(3, _hub.RequestsFor(Teacher));
    }

    [Fact]
    public void A_Hub_that_keeps_failing_is_GATE115_after_the_retries()
    {
        _hub.Then(Teacher, Enumerable.Repeat(new FakeHub.Answer(500), 10).ToArray());
        InputError error = LockFails(new HubConnection { MaxAttempts = 3, FirstBackoff = TimeSpan.FromMilliseconds(5) });
        Assert.Contains("the Hub answered 500 3 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _hub.RequestsFor(Teacher));
    }

    [Fact]
    public void A_wait_longer_than_Gate_accepts_ends_with_GATE115()
    {
        _hub.Then(Teacher, new FakeHub.Answer(429, RetryAfter: "3600"));
        InputError error = LockFails();
        Assert.Contains("asked to wait 3600 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stalled_connection_times_out_into_GATE115()
    {
        _hub.Then(Teacher, new FakeHub.Answer(200, Stall: true), new FakeHub.Answer(200, Stall: true));
        InputError error = LockFails(new HubConnection { MaxAttempts = 2, RequestTimeout = TimeSpan.FromMilliseconds(300), FirstBackoff = TimeSpan.FromMilliseconds(5) });
        Assert.Contains("no answer within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_answer_is_GATE115_not_read_whole()
    {
        _hub.Then(Teacher, new FakeHub.Answer(200, HugeBody: 4 << 20));
        InputError error = LockFails(new HubConnection { MaxResponseBytes = 1 << 20 });
        Assert.Contains("longer than the 1,048,576 bytes Gate reads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redirect_to_another_host_is_refused()
    {
        _hub.Then(Teacher, new FakeHub.Answer(302, Location: "http://203.0.113.7/api/models/x/y"));
        Assert.Contains("redirected the request to another host", LockFails().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_model_becomes_an_alias_of_its_new_id()
    {
        _repo.Dataset("d", "teacher: acme/old-name\n");
        _hub.Rename("acme/old-name", "acme/new-name").Model("acme/new-name", "Qwen/Qwen2.5-Math-7B");
        LockOutcome outcome = Lock();

        Assert.Contains(outcome.Lock.Models, m => m is { Id: "acme/old-name", Status: "renamed", RenamedTo: "acme/new-name" });
        _hub.Dispose();
        Finding finding = Assert.Single(GateRun.Check(Options()).Findings);
        Assert.Equal(("GATE001", "acme/new-name"), (finding.Rule.Code, finding.Teacher));
    }

    [Fact]
    public void Offline_the_lock_uses_what_it_holds_and_names_what_it_lacks()
    {
        Lock();
        var offline = new HubConnection { Offline = true };
        int asked = _hub.Requests.Count;
        Lock(offline);
        Assert.Equal(asked, _hub.Requests.Count);

        _repo.Dataset("e", "teacher: acme/brand-new\n");
        InputError error = LockFails(offline);
        Assert.Equal("GATE115", error.Code);
        Assert.Contains("HF_HUB_OFFLINE is set, and the lock does not hold the Hub's answer for acme/brand-new", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_reads_the_Hub_again_and_says_what_changed_upstream()
    {
        Lock();
        _hub.Model("Qwen/Qwen2.5-Math-7B", "Qwen/Qwen2.5-7B-Instruct", sha: new string('a', 40)).Model("Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B");

        Assert.Empty(Lock().LineageChanges); // without --refresh-lineage the lock keeps what it recorded
        LockOutcome refreshed = Lock(refresh: true);
        Assert.Equal(["Qwen/Qwen2.5-7B-Instruct: newly resolved: finetune of Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-Math-7B: finetune of Qwen/Qwen2.5-7B → finetune of Qwen/Qwen2.5-7B-Instruct"],
            refreshed.LineageChanges);
    }

    [Fact]
    public void A_student_known_only_through_the_locks_Hub_lineage_is_unresolved_on_the_students_side()
    {
        _repo.Policy(File.ReadAllText(_repo.PathOf("gate.yaml")).Replace("students:\n", "students:\n  - id: acme/hub-student\n", StringComparison.Ordinal));
        _hub.Model("acme/hub-student", "Qwen/Qwen2.5-Math-7B");
        Lock();

        GateReport report = GateRun.Check(Options());
        Assert.Contains(report.Findings, f => f.Rule.Code == "GATE004" && f.Student == "acme/hub-student"
            && f.Message.Contains(UnresolvedModel.HubOnlyForStudentReason, StringComparison.Ordinal));
    }

    /// <summary>
    /// A pull request rewrites the lock's Hub answer for the teacher's base to a clean root: offline,
    /// that reads like any lineage change in the diff; with --verify-lineage the run asks the Hub at
    /// the recorded revision and refuses the lock.
    /// </summary>
    [Fact]
    public void Verify_lineage_refuses_a_hand_edited_Hub_answer_and_accepts_a_true_one()
    {
        Lock();
        var verify = Options() with { VerifyLineage = true };
        Assert.Equal("GATE001", Assert.Single(GateRun.Check(verify).Findings).Rule.Code);
        Assert.Contains(_hub.Requests, r => r.Path == $"/api/models/Qwen/Qwen2.5-Math-7B/revision/{FakeHub.Sha("Qwen/Qwen2.5-Math-7B")}");

        string lockPath = _repo.PathOf("gate.lock.json");
        File.WriteAllText(lockPath, File.ReadAllText(lockPath).Replace("\"Qwen/Qwen2.5-7B\"\n", "\"mistralai/Mistral-7B-v0.1\"\n", StringComparison.Ordinal));
        GateReport forged = GateRun.Check(Options());
        Assert.DoesNotContain(forged.Findings, f => f.Rule.Code == "GATE001"); // offline, the edit is what the lock says (and the diff shows)

        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => GateRun.Check(verify)).Errors);
        Assert.Equal("GATE112", error.Code);
        Assert.Contains("the Hub does not confirm the lineage gate.lock.json records for Qwen/Qwen2.5-Math-7B: the lock says 'finetune of mistralai/Mistral-7B-v0.1'", error.Message, StringComparison.Ordinal);
        Assert.Equal("gate.lock.json", error.Location!.Value.File);
        Assert.True(error.Location.Value.Line > 1);
    }

    /// <summary>A rename the Hub answered (or a PR wrote into the lock) never resolves a student: aliases from the Hub are the pull request's.</summary>
    [Fact]
    public void A_renamed_answer_does_not_resolve_a_students_base()
    {
        _repo.Policy(File.ReadAllText(_repo.PathOf("gate.yaml")).Replace("students:\n", "students:\n  - id: acme/second-student\n    base: acme/base-x\n", StringComparison.Ordinal));
        _hub.Rename("acme/base-x", "gpt-4.1-mini");
        Lock();

        Finding finding = Assert.Single(GateRun.Check(Options()).Findings, f => f.Student == "acme/second-student");
        Assert.Equal("GATE004", finding.Rule.Code);
        Assert.Contains("acme/base-x, in the lineage of the student acme/second-student,", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_a_line_break_is_GATE110_and_never_sent()
    {
        _repo.Dataset("e", "teacher: acme/new\n");
        InputError error = LockFails(HubConnection.FromVariables(name => name == "HF_TOKEN" ? "hf_abc\nX-Evil: 1" : name == "HF_ENDPOINT" ? _hub.Endpoint : null));
        Assert.Equal("GATE110", error.Code);
        Assert.DoesNotContain("hf_abc", error.Message, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    [Theory]
    [InlineData("http://user:hf_SECRET@127.0.0.1:9", "http://***@127.0.0.1:9")]
    [InlineData("https://mirror.example/?token=hf_SECRET", "https://mirror.example/***")]
    public void Credentials_in_an_endpoint_never_reach_a_message(string endpoint, string shown)
    {
        HubConnection connection = HubConnection.FromVariables(name => name == "HF_ENDPOINT" ? endpoint : null);
        Assert.Contains($"'{shown}'", connection.EndpointProblem, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", connection.EndpointProblem, StringComparison.Ordinal);

        _repo.Policy(File.ReadAllText(_repo.PathOf("gate.yaml")).Replace($"endpoint: \"{_hub.Endpoint}\"", $"endpoint: \"{endpoint}\"", StringComparison.Ordinal));
        InputError error = Assert.Single(Assert.Throws<GateInputException>(() => GateRun.Check(Options())).Errors);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lineage_shows_where_each_edge_came_from()
    {
        Lock();
        string text = LineageWriter.ToText(GateRun.Lineage(_repo.PathOf("gate.yaml"), Teacher).Tree);
        Assert.Contains($"from the Hugging Face Hub at revision {FakeHub.Sha(Teacher)[..12]}, recorded at gate.lock.json(", text, StringComparison.Ordinal);
        Assert.Contains("Qwen/Qwen2.5-7B  (root; family qwen2.5; from Gate's built-in catalog)", text, StringComparison.Ordinal);
    }
}
