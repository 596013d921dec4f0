using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Gate.Cli.Tests;

/// <summary>Huge input and interrupted runs: bounded memory, no hang, the previous lock intact.</summary>
public sealed partial class ResourceTests
{
    private const string Policy = "version: 1\nmodels:\n  - id: a/root\n    root: true\n  - id: b/root\n    root: true\nstudents:\n  - id: a/student\n    base: a/root\n";

    [Fact]
    public void A_single_100_MiB_line_is_scanned_in_bounded_memory()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", Policy);
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: b/root\n");
        using (var stream = new FileStream(repo.PathOf("data/x.jsonl"), FileMode.Create))
        {
            stream.Write("{\"prompt\":\"p\",\"completion\":\""u8);
            byte[] chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'7');
            for (int i = 0; i < 100; i++)
            {
                stream.Write(chunk);
            }

            stream.Write("\"}\n"u8);
        }

        var result = GateProcess.Run("lock", repo.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"records\": 1", File.ReadAllText(repo.PathOf("gate.lock.json")));
        // The largest of this test host's finished children, so an upper bound for this one too.
        long peakMiB = PeakChildRssKiB() / 1024;
        Assert.True(peakMiB < 512, $"a gate process peaked at {peakMiB} MiB");
    }

    [Fact]
    public void A_lock_run_killed_midway_leaves_the_previous_lock_intact()
    {
        using var repo = new TempRepository();
        repo.Write("gate.yaml", Policy);
        repo.Write("data/x.lineage.yaml", "dataset: x.jsonl\nteacher: b/root\n");
        repo.Write("data/x.jsonl", "{\"prompt\":\"p\",\"completion\":\"1, 2, 3\"}\n");
        Assert.Equal(0, GateProcess.Run("lock", repo.Root).ExitCode);
        string before = File.ReadAllText(repo.PathOf("gate.lock.json"));

        // Now a dataset large enough that locking it takes far longer than the time before the kill.
        using (var stream = new FileStream(repo.PathOf("data/x.jsonl"), FileMode.Create))
        {
            byte[] line = "{\"prompt\":\"The sequence starts with: 182, 818, 725.\",\"completion\":\"(285, 574, 384, 928, 473)\"}\n"u8.ToArray();
            byte[] block = Enumerable.Repeat(line, (1 << 20) / line.Length).SelectMany(l => l).ToArray();
            for (int i = 0; i < 384; i++)
            {
                stream.Write(block);
            }
        }

        using Process gate = GateProcess.Start(repo.Root, "lock", repo.Root);
        Thread.Sleep(300);
        Assert.False(gate.HasExited, "gate finished before it could be interrupted; the test needs more data");
        gate.Kill(entireProcessTree: true);
        gate.WaitForExit();

        Assert.Equal(before, File.ReadAllText(repo.PathOf("gate.lock.json")));

        // Any data other than the locked record will do; a small file keeps the check from re-reading 384 MiB.
        repo.Write("data/x.jsonl", "{\"prompt\":\"p\",\"completion\":\"4, 5, 6\"}\n");
        var check = GateProcess.Run("check", repo.Root);
        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("GATE006", check.Stdout); // the data changed and the lock says so
    }

    private static long PeakChildRssKiB()
    {
        Assert.Equal(0, GetRUsage(RusageChildren, out RUsage usage));
        return usage.MaxRss; // Linux reports kilobytes
    }

    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);
}
