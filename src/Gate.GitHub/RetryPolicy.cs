using System.Net;
using Octokit;

namespace Gate.GitHub;

/// <summary>
/// Retries GitHub calls that may succeed later: 5xx, 429 and secondary rate limits (honouring
/// <c>Retry-After</c>), timeouts and dropped connections; exponential backoff otherwise.
/// Other failures (401, 403 without Retry-After, 404, 422) are not retried.
/// </summary>
internal sealed class RetryPolicy(TimeSpan baseDelay, int maxAttempts = 4, TimeSpan? maxDelay = null)
{
    private readonly TimeSpan _maxDelay = maxDelay ?? TimeSpan.FromSeconds(60);

    public async Task<T> ExecuteAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < maxAttempts && RetryDelay(ex, attempt) is { } delay)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan? RetryDelay(Exception ex, int attempt)
    {
        TimeSpan backoff = TimeSpan.FromTicks(baseDelay.Ticks * (1L << (attempt - 1)));
        switch (ex)
        {
            case ApiException api:
                TimeSpan? retryAfter = RetryAfter(api);
                bool transient = (int)api.StatusCode >= 500
                    || api.StatusCode == (HttpStatusCode)429
                    || api is SecondaryRateLimitExceededException
                    || (api.StatusCode == HttpStatusCode.Forbidden && retryAfter is not null);
                if (!transient)
                {
                    return null;
                }

                TimeSpan wait = retryAfter ?? backoff;
                return wait > _maxDelay ? _maxDelay : wait;
            case HttpRequestException:
            case TaskCanceledException:
            case TimeoutException:
            case System.Net.Sockets.SocketException:
            case IOException:
                return backoff;
            default:
                return null;
        }
    }

    private static TimeSpan? RetryAfter(ApiException api)
    {
        if (api.HttpResponse?.Headers is { } headers
            && headers.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value is { } value
            && int.TryParse(value, out int seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}
