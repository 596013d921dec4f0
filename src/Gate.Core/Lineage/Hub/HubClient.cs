using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gate.Core.Diagnostics;

namespace Gate.Core.Lineage;

/// <summary>
/// Asks the Hugging Face Hub's model API what a model's card says of its lineage
/// (<c>GET {endpoint}/api/models/{id}</c>, or <c>…/revision/{rev}</c>). Every answer it cannot trust
/// is a GATE115 error naming the model, never a guess: the caller then writes no lock at all.
/// Redirects are followed only within the endpoint's origin (a renamed repository), so the token
/// never leaves it; bodies are bounded; 429 and 5xx are retried with backoff that honours
/// <c>Retry-After</c>.
/// </summary>
internal sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly HubConnection _connection;
    private readonly HttpClient _http;

    public HubClient(HubConnection connection)
    {
        _connection = connection;
        HttpMessageHandler handler = connection.Handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = connection.RequestTimeout };
        _http = new HttpClient(handler, disposeHandler: connection.Handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>What the Hub says of <paramref name="id"/> at <paramref name="revision"/> (null: its main branch); null when the Hub does not have it.</summary>
    public async Task<HubAnswer?> GetModelAsync(string id, string? revision, CancellationToken cancellationToken)
    {
        string path = "api/models/" + id + (revision is null ? string.Empty : "/revision/" + revision);
        Uri uri = new(BaseAddress(_connection.Endpoint), path);
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                var (status, body, retryAfter, errorCode) = await SendAsync(uri, id, cancellationToken).ConfigureAwait(false);
                switch (status)
                {
                    case HttpStatusCode.OK:
                        return Parse(body, id);
                    case HttpStatusCode.NotFound:
                        return null;
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when errorCode == "RepoNotFound":
                        return null; // the Hub's answer for a model that does not exist (or that the token cannot see)
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        throw Failed(id, string.Create(CultureInfo.InvariantCulture,
                            $"the Hub answered {(int)status} ({(errorCode == "GatedRepo" ? "a gated model" : "a gated or private model")}): {(_connection.TokenWithheld ? "HF_TOKEN is not sent to the endpoint gate.yaml names, which is not HF_ENDPOINT; set HF_ENDPOINT to it too if it should receive the token" : _connection.Token is null ? "set HF_TOKEN to a token that may read it" : "the token in HF_TOKEN may not read it; request access on the model's page or use another token")}"));
                    case HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError:
                        if (attempt >= _connection.MaxAttempts)
                        {
                            throw Failed(id, string.Create(CultureInfo.InvariantCulture, $"the Hub answered {(int)status} {attempt} times"));
                        }

                        wait = retryAfter ?? Backoff(attempt);
                        if (wait > _connection.MaxRetryAfter)
                        {
                            throw Failed(id, string.Create(CultureInfo.InvariantCulture,
                                $"the Hub answered {(int)status} and asked to wait {wait.TotalSeconds:0} s, longer than the {_connection.MaxRetryAfter.TotalSeconds:0} s Gate waits; retry later"));
                        }

                        break;
                    default:
                        throw Failed(id, string.Create(CultureInfo.InvariantCulture, $"the Hub answered {(int)status}, which Gate does not read as an answer"));
                }
            }
            catch (Exception ex) when (Transient(ex, cancellationToken))
            {
                if (attempt >= _connection.MaxAttempts)
                {
                    throw Failed(id, ex is OperationCanceledException
                        ? string.Create(CultureInfo.InvariantCulture, $"no answer within {_connection.RequestTimeout.TotalSeconds:0} s, {attempt} times")
                        : $"the request failed {attempt} times ({ex.Message.TrimEnd('.')})");
                }

                wait = Backoff(attempt);
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The endpoint as a base for relative paths: <c>https://host/mirror</c> → <c>https://host/mirror/</c>.</summary>
    private static Uri BaseAddress(Uri endpoint) => endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");

    private TimeSpan Backoff(int attempt) => _connection.FirstBackoff * Math.Pow(2, attempt - 1);

    private static bool Transient(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>One request with redirects followed inside the endpoint's origin, under one timeout that covers the body.</summary>
    private async Task<(HttpStatusCode Status, byte[] Body, TimeSpan? RetryAfter, string? ErrorCode)> SendAsync(Uri uri, string id, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connection.RequestTimeout);
        for (int redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("gate-lineage", "1"));
            if (_connection.Token is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int code = (int)response.StatusCode;
            if (code is 301 or 302 or 303 or 307 or 308)
            {
                Uri? location = response.Headers.Location is { } l ? new Uri(uri, l) : null;
                if (location is null || Uri.Compare(location, _connection.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
                {
                    throw Failed(id, "the Hub redirected the request to another host; Gate follows redirects only within the Hub's own address");
                }

                if (redirects >= MaxRedirects)
                {
                    throw Failed(id, string.Create(CultureInfo.InvariantCulture, $"the Hub redirected the request more than {MaxRedirects} times"));
                }

                uri = location;
                continue;
            }

            string? errorCode = response.Headers.TryGetValues("X-Error-Code", out var values) ? values.FirstOrDefault() : null;
            byte[] body = response.StatusCode == HttpStatusCode.OK ? await ReadBoundedAsync(response, id, timeout.Token).ConfigureAwait(false) : [];
            return (response.StatusCode, body, RetryAfter(response), errorCode);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string id, CancellationToken cancellationToken)
    {
        long max = _connection.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is > 0 and var length && length > max)
        {
            throw Failed(id, string.Create(CultureInfo.InvariantCulture, $"the Hub's answer is {length:N0} bytes; Gate reads at most {max:N0}"));
        }

        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw Failed(id, string.Create(CultureInfo.InvariantCulture, $"the Hub's answer is longer than the {max:N0} bytes Gate reads"));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary><c>Retry-After</c> as seconds or as a date; null when absent.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        return header.Date is { } date ? (date - DateTimeOffset.UtcNow) is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero : null;
    }

    /// <summary>The model API's JSON: <c>id</c>, <c>sha</c>, <c>cardData.base_model</c>, <c>cardData.base_model_relation</c>, <c>tags</c>.</summary>
    internal static HubAnswer Parse(byte[] body, string asked)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Failed(asked, "the Hub's answer is not a JSON object");
            }

            string id = StringProperty(root, "id") ?? StringProperty(root, "modelId") ?? throw Failed(asked, "the Hub's answer names no model id");
            if (ModelId.Problem(id) is { } idProblem)
            {
                throw Failed(asked, $"the Hub's answer names the model '{VisibleText.Escape(id)}', which is not a model id: {idProblem}");
            }

            string sha = StringProperty(root, "sha") ?? throw Failed(asked, "the Hub's answer has no revision ('sha')");
            if (sha.Length != 40 || sha.AsSpan().ContainsAnyExcept("0123456789abcdef"))
            {
                throw Failed(asked, "the Hub's revision ('sha') is not 40 lowercase hex digits");
            }

            var bases = new List<string>();
            string? relation = null;
            if (root.TryGetProperty("cardData", out JsonElement card) && card.ValueKind == JsonValueKind.Object)
            {
                foreach (string value in Strings(card, "base_model", asked))
                {
                    AddBase(bases, ModelCardReader.WithoutHubUrl(value), asked);
                }

                relation = StringProperty(card, "base_model_relation") is { } r && Policy.ModelDeclaration.Relations.Contains(r) ? r : null;
            }

            foreach (string tag in Strings(root, "tags", asked))
            {
                if (ModelCardReader.BaseModelTag(new Located<string>(tag, default)) is { } fromTag)
                {
                    AddBase(bases, fromTag.Id.Value, asked);
                    relation ??= fromTag.Relation?.Value;
                }
            }

            bases.RemoveAll(b => ModelId.Same(b, id));
            return new HubAnswer(id, sha, bases, bases.Count == 0 ? null : relation);
        }
        catch (JsonException)
        {
            throw Failed(asked, "the Hub's answer is not valid JSON");
        }
    }

    private static void AddBase(List<string> bases, string value, string asked)
    {
        if (ModelId.Problem(value) is { } problem)
        {
            throw Failed(asked, $"its card's base_model '{VisibleText.Escape(value)}' is not a model id: {problem}");
        }

        if (!bases.Any(b => ModelId.Same(b, value)))
        {
            bases.Add(value);
        }
    }

    private static string? StringProperty(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A property written as one string or a list of strings; null and empty values name nothing.</summary>
    private static IEnumerable<string> Strings(JsonElement o, string name, string asked)
    {
        if (!o.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        IEnumerable<JsonElement> items = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [v];
        var values = new List<string>();
        foreach (JsonElement item in items)
        {
            if (item.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (item.ValueKind != JsonValueKind.String)
            {
                throw Failed(asked, $"the Hub's '{name}' holds a {item.ValueKind.ToString().ToLowerInvariant()} where a string belongs");
            }

            if (item.GetString()!.Trim() is { Length: > 0 } text)
            {
                values.Add(text);
            }
        }

        return values;
    }

    private static GateInputException Failed(string id, string why) =>
        new(new InputError(InputErrorKind.HubUnavailable, $"cannot resolve '{id}' on the Hugging Face Hub: {why}", null));
}
