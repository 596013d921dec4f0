using System.Diagnostics;

namespace Gate.Cli.Tests;

/// <summary><c>gate check --base REF</c> through the real executable, in a real git clone.</summary>
public sealed class BaseCommandTests
{
    private static void Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-c", "user.email=gate@example.com", "-c", "user.name=gate", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    /// <summary>A clone whose one commit holds a policy, one dataset (data/x.jsonl) and its lock.</summary>
    private static void CommitOneDataset(TempRepository repo)
    {
        repo.Write("gate.yaml", LockCommandTests.Policy);
        repo.Write("data/x.jsonl", "{\"prompt\":\"p\",\"completion\":\"1\"}\n");
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: acme/teacher\n");
        Assert.Equal(0, GateProcess.Run("lock", repo.Root).ExitCode);
        Git(repo.Root, "init", "-q");
        Git(repo.Root, "add", "-A");
        Git(repo.Root, "commit", "-q", "-m", "base");
    }

    [Fact]
    public void The_report_leads_with_what_the_change_does_and_keeps_the_verdict()
    {
        using var repo = new TempRepository();
        CommitOneDataset(repo);
        repo.Write("data/y.jsonl", "{\"prompt\":\"q\",\"completion\":\"2\"}\n");
        repo.Write("data/y.lineage.yaml", "dataset: y.jsonl\nteacher: acme/teacher\n");
        Assert.Equal(0, GateProcess.Run("lock", repo.Root).ExitCode);

        GateProcess.Result with = GateProcess.Run("check", repo.Root, "--base", "HEAD");
        GateProcess.Result without = GateProcess.Run("check", repo.Root);

        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.StartsWith("Changes against HEAD (", with.Stdout, StringComparison.Ordinal);
        Assert.Contains("): 1 dataset added, 0 changed, 0 removed\n  + data/y.jsonl · teachers acme/teacher · students acme/student\n", with.Stdout, StringComparison.Ordinal);
        Assert.EndsWith(without.Stdout, with.Stdout, StringComparison.Ordinal);
        GateProcess.Result unknown = GateProcess.Run("check", repo.Root, "--base", "origin/main");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error GATE110: --base origin/main: git knows no commit by that name here", unknown.Stderr, StringComparison.Ordinal);
    }
    [Fact]
    public void With_a_record_store_an_unchanged_dataset_is_taken_from_the_lock_and_an_edit_is_still_caught()
    {
        using var repo = new TempRepository();
        using var store = new TempRepository();
        CommitOneDataset(repo);

        GateProcess.Result filling = GateProcess.Run("check", repo.Root, "--base", "HEAD", "--cache", store.Root);
        GateProcess.Result taking = GateProcess.Run("check", repo.Root, "--base", "HEAD", "--cache", store.Root);
        repo.Write("data/x.jsonl", "{\"prompt\":\"p\",\"completion\":\"2\"}\n");
        GateProcess.Result edited = GateProcess.Run("check", repo.Root, "--base", "HEAD", "--cache", store.Root);
        GateProcess.Result inside = GateProcess.Run("check", repo.Root, "--base", "HEAD", "--cache", Path.Combine(repo.Root, "cache"));

        Assert.True(filling.ExitCode == 0, filling.ToString());
        Assert.Contains("Scanned 1 dataset; none taken from the lock: 'data/x.jsonl' has records the store cannot give: it is not in the record store\n", filling.Stdout, StringComparison.Ordinal);
        Assert.True(taking.ExitCode == 0, taking.ToString());
        Assert.Contains("Scanned 0 datasets; 1 taken from the lock (unchanged since the base)\n", taking.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("error GATE006 dataset-changed: data/x.jsonl changed since gate.lock.json", edited.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, inside.ExitCode);
        Assert.Contains("the record store (--cache) would be written to", inside.Stderr, StringComparison.Ordinal);
    }
}
