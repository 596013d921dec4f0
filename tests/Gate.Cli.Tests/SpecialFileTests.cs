using System.Diagnostics;
using System.Net.Sockets;

namespace Gate.Cli.Tests;

/// <summary>
/// A repository can hold what Git never checks out but a build step or an attacker can leave behind:
/// a named pipe (opening it for reading blocks until someone writes), a socket, links that loop or
/// lead outside. Gate must answer each with a GATE1xx error at the path and exit 2 — and never hang,
/// so every run here has a short timeout that fails the test instead.
/// </summary>
public sealed class SpecialFileTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string Policy = LockCommandTests.Policy + """

        mitigations:
          trait-eval: { clears: [shared-init], requires: [evidence] }
        """;

    private const string Record = "{\"prompt\":\"p\",\"completion\":\"1, 2\"}\n";

    /// <summary>A passing repository: data/x.jsonl (with a reference and evidence) and the shard folder data/shards.</summary>
    private static TempRepository Repository()
    {
        var repo = new TempRepository();
        repo.Write("gate.yaml", Policy);
        repo.Write("data/x.jsonl", Record);
        repo.Write("refs/ref.jsonl", Record);
        repo.Write("evals/e.json", "{}\n");
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: acme/teacher\nreference: ../refs/ref.jsonl\nmitigations:\n  - kind: trait-eval\n    evidence: ../evals/e.json\n");
        repo.Write("data/shards/a.jsonl", Record);
        repo.Write("data/shards.lineage.yaml", "dataset: shards\nteacher: acme/teacher\n");
        return repo;
    }

    [LinuxFact]
    public void The_repository_passes_with_regular_files()
    {
        using var repo = Repository();
        GateProcess.RunWithin(Timeout, "lock", repo.Root);

        var result = GateProcess.RunWithin(Timeout, "check", repo.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [LinuxTheory]
    [InlineData("data/x.jsonl")] // a dataset a manifest names
    [InlineData("data/y.jsonl")] // a data file the policy selects
    [InlineData("data/shards/b.jsonl")] // a shard of a folder dataset
    [InlineData("refs/ref.jsonl")] // a manifest's reference
    [InlineData("evals/e.json")] // a mitigation's evidence
    [InlineData("data/x.lineage.yaml")]
    [InlineData("gate.yaml")]
    [InlineData("gate.lock.json")]
    public void A_named_pipe_is_GATE107_at_its_path_not_a_hang(string path)
    {
        using var repo = Repository();
        GateProcess.RunWithin(Timeout, "lock", repo.Root);
        File.Delete(repo.PathOf(path));
        MakeFifo(repo.PathOf(path));

        var result = GateProcess.RunWithin(Timeout, "check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{path}: error GATE107: ", result.Stderr);
        Assert.Contains("named pipe (FIFO), not a regular file", result.Stderr);
    }

    [LinuxFact]
    public void A_named_pipe_reached_through_a_link_inside_the_repository_is_GATE107()
    {
        using var repo = Repository();
        MakeFifo(repo.PathOf("pipe"));
        File.Delete(repo.PathOf("data/x.jsonl"));
        File.CreateSymbolicLink(repo.PathOf("data/x.jsonl"), "../pipe");

        var result = GateProcess.RunWithin(Timeout, "check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("data/x.jsonl: error GATE107: ", result.Stderr);
    }

    [LinuxFact]
    public void A_socket_where_data_is_expected_is_GATE107()
    {
        using var repo = Repository();
        File.Delete(repo.PathOf("data/x.jsonl"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(repo.PathOf("data/x.jsonl")));

        var result = GateProcess.RunWithin(Timeout, "check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("data/x.jsonl: error GATE107: data/x.jsonl cannot be read: it is a socket", result.Stderr);
    }

    [LinuxFact]
    public void Gate_fingerprint_of_a_named_pipe_is_GATE107()
    {
        using var repo = new TempRepository();
        MakeFifo(repo.PathOf("pipe.jsonl"));

        var result = GateProcess.RunWithin(Timeout, "fingerprint", repo.PathOf("pipe.jsonl"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error GATE107", result.Stderr);
    }

    [LinuxFact]
    public void A_shard_linking_outside_the_repository_is_GATE106_and_never_read()
    {
        using var repo = Repository();
        using var outside = new TempRepository();
        string secret = outside.Write("secret.jsonl", Record);
        File.CreateSymbolicLink(repo.PathOf("data/shards/b.jsonl"), secret);

        var result = GateProcess.RunWithin(Timeout, "check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("data/shards/b.jsonl: error GATE106: the file 'data/shards/b.jsonl' in the folder 'data/shards' is a link that leads outside", result.Stderr);
    }

    [LinuxFact]
    public void A_shard_linking_to_a_device_is_GATE106()
    {
        using var repo = Repository();
        File.CreateSymbolicLink(repo.PathOf("data/shards/zero.jsonl"), "/dev/zero");

        var result = GateProcess.RunWithin(Timeout, "check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("data/shards/zero.jsonl: error GATE106", result.Stderr);
    }

    [LinuxTheory]
    [InlineData("data/x.jsonl", "data/x.lineage.yaml(1,10): error GATE106")] // a dataset
    [InlineData("data/shards/b.jsonl", "data/shards/b.jsonl: error GATE106")] // a shard
    public void A_link_loop_is_a_GATE1xx_error_not_a_hang(string path, string expected)
    {
        using var repo = Repository();
        File.Delete(repo.PathOf(path));
        string loop = Path.ChangeExtension(path, ".loop.jsonl");
        File.CreateSymbolicLink(repo.PathOf(path), Path.GetFileName(loop));
        File.CreateSymbolicLink(repo.PathOf(loop), Path.GetFileName(path));

        var result = GateProcess.RunWithin(Timeout, "check", repo.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}

/// <summary>A fact that needs Linux (named pipes, <c>statx</c>); skipped elsewhere.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux";
        }
    }
}

/// <summary>A theory that needs Linux; skipped elsewhere.</summary>
internal sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux";
        }
    }
}
