using System.Diagnostics;
using System.Globalization;

namespace Gate.Cli;

/// <summary>
/// Progress of a scan on an interactive terminal: after the first second, one line on standard
/// error rewritten in place — bytes read of the total, the percentage, the rate and the time left
/// when the total is known. Nothing at all when standard error is redirected (CI logs, tests) or
/// the scan is quick.
/// </summary>
internal sealed class ScanProgress : Gate.Core.Scanning.IScanProgress, IDisposable
{
    private long _total;

    public void Expect(long totalBytes) => Interlocked.Exchange(ref _total, totalBytes);

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

        lock (_error)
        {
            _error.Write("\r" + Line(bytes, Interlocked.Read(ref _total), now / 1000.0) + "   ");
            _drawn = true;
        }
    }

    /// <summary>The progress line: "gate: scanned 1.20 of 4.80 GB (25%, 0.60 GB/s, about 6 s left)"; without a total, bytes and rate.</summary>
    internal static string Line(long bytes, long total, double seconds)
    {
        double rate = bytes / 1e9 / Math.Max(0.001, seconds);
        if (total <= 0 || bytes > total)
        {
            return string.Create(CultureInfo.InvariantCulture, $"gate: scanned {bytes / 1e9:0.00} GB ({rate:0.00} GB/s)");
        }

        double left = rate > 0 ? (total - bytes) / 1e9 / rate : 0;
        string eta = left >= 90 ? $"about {left / 60:0} min left" : $"about {Math.Ceiling(left):0} s left";
        return string.Create(CultureInfo.InvariantCulture, $"gate: scanned {bytes / 1e9:0.00} of {total / 1e9:0.00} GB ({100.0 * bytes / total:0}%, {rate:0.00} GB/s, {eta})");
    }

    public void Dispose()
    {
        lock (_error)
        {
            if (_drawn)
            {
                _error.Write("\r" + new string(' ', 80) + "\r");
            }
        }
    }
}
