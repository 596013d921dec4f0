using System.Diagnostics;
using System.Globalization;

namespace Gate.Cli;

/// <summary>
/// Progress of a scan on an interactive terminal: after the first second, one line on standard
/// error rewritten in place (bytes hashed and the rate). Nothing at all when standard error is
/// redirected (CI logs, tests) or the scan is quick.
/// </summary>
internal sealed class ScanProgress : IProgress<long>, IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TextWriter _error;
    private long _bytes;
    private long _lastDrawMilliseconds;
    private bool _drawn;

    private ScanProgress(TextWriter error) => _error = error;

    /// <summary>A progress sink for this console, or null when progress must not be shown.</summary>
    public static ScanProgress? ForConsole(TextWriter error) =>
        Console.IsErrorRedirected || Environment.GetEnvironmentVariable("CI") is not null ? null : new ScanProgress(error);

    public void Report(long value)
    {
        long bytes = Interlocked.Add(ref _bytes, value);
        long now = _clock.ElapsedMilliseconds;
        long last = Interlocked.Read(ref _lastDrawMilliseconds);
        if (now < 1000 || now - last < 200 || Interlocked.CompareExchange(ref _lastDrawMilliseconds, now, last) != last)
        {
            return;
        }

        double rate = bytes / 1e9 / Math.Max(0.001, now / 1000.0);
        lock (_error)
        {
            _error.Write(string.Create(CultureInfo.InvariantCulture, $"\rgate: scanned {bytes / 1e9:0.00} GB ({rate:0.00} GB/s)   "));
            _drawn = true;
        }
    }

    public void Dispose()
    {
        lock (_error)
        {
            if (_drawn)
            {
                _error.Write("\r" + new string(' ', 50) + "\r");
            }
        }
    }
}
