using Gate.Core.Scanning;

namespace Gate.Core.Tests.Scanning;

/// <summary>The total a progress display is told before a scan is what the scan then reports, on one thread and on many: no file counted twice or missed.</summary>
public sealed class ScanProgressTotalTests
{
    private sealed class Recorder : IScanProgress
    {
        public long Expected { get; private set; } = -1;

        public long Reported;

        public void Expect(long totalBytes) => Expected = totalBytes;

        public void Report(long value) => Interlocked.Add(ref Reported, value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void The_expected_total_is_the_bytes_reported(int threads)
    {
        using TestRepo repo = new TestRepo().Policy(Fixtures.Policy());
        repo.Dataset("a", "teacher: deepseek-ai/DeepSeek-R1\n");
        repo.Write("data/b.jsonl", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"prompt\":\"{i}\",\"completion\":\"{i * 7}\"}}\n")));
        repo.Write("data/b.lineage.yaml", "dataset: b.jsonl\nteacher: deepseek-ai/DeepSeek-R1\n");
        var recorder = new Recorder();

        GateRun.Lock(new GateCheckOptions(repo.Root, TestRepo.Today) { Scan = new ScanOptions { MaxThreads = threads, Progress = recorder } });

        long files = new FileInfo(repo.PathOf("data/a.jsonl")).Length + new FileInfo(repo.PathOf("data/b.jsonl")).Length;
        Assert.Equal(files, recorder.Expected);
        Assert.Equal(files, recorder.Reported);
    }
}
