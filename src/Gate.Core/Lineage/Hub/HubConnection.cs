namespace Gate.Core.Lineage;

/// <summary>
/// How <c>gate lock</c> reaches the Hugging Face Hub. Hosts fill it from their environment
/// (<c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, <c>HF_HUB_OFFLINE</c>); Gate.Core reads no environment.
/// </summary>
public sealed record HubConnection
{
    /// <summary>The public Hub.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://huggingface.co");

    /// <summary>The Hub's address when the policy names none.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Why the host's endpoint setting cannot be used (a malformed <c>HF_ENDPOINT</c>); reported only when the Hub is asked.</summary>
    public string? EndpointProblem { get; init; }

    /// <summary>A user access token for gated and private models; sent only to the endpoint, never printed or written.</summary>
    public string? Token { get; init; }

    /// <summary>No network at all: models the lock does not already hold stay unresolved, and <c>gate lock</c> says so.</summary>
    public bool Offline { get; init; }

    /// <summary>How long one request may take, connection to last byte.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per model when the Hub answers 429 or 5xx, or a request times out or breaks.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first wait between attempts; each next one doubles, unless the Hub asks for another (<c>Retry-After</c>).</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait Gate accepts from <c>Retry-After</c>; a longer one ends the run with an error.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest answer read for one model; a model's JSON is a few kilobytes to a few hundred.</summary>
    public long MaxResponseBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Requests in flight at once: polite to the Hub, and within its rate limits.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>The most models one lock resolves on the Hub; a chain longer than any real one is an error, not an endless walk.</summary>
    public int MaxModels { get; init; } = 2000;

    /// <summary>For tests: the handler requests go through (null: a fresh <see cref="SocketsHttpHandler"/>).</summary>
    internal HttpMessageHandler? Handler { get; init; }

    /// <summary>
    /// The connection the Hugging Face ecosystem's variables describe, as huggingface_hub reads them:
    /// <c>HF_ENDPOINT</c> (the Hub's address), <c>HF_TOKEN</c> (a user access token) and
    /// <c>HF_HUB_OFFLINE</c> (1, true, yes or on: no network). Hosts pass their environment in; a
    /// malformed <c>HF_ENDPOINT</c> is reported only when the Hub is asked, so a stray one does not
    /// fail a repository that does not use the Hub.
    /// </summary>
    public static HubConnection FromVariables(Func<string, string?> variable)
    {
        string? token = variable("HF_TOKEN") is { Length: > 0 } set ? set.Trim() : null;
        var connection = new HubConnection
        {
            Token = token,
            Offline = variable("HF_HUB_OFFLINE")?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE",
        };
        if (token is not null && token.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E))
        {
            // Never sent (a line break would end the header): said when the Hub is asked, without the token.
            connection = connection with { Token = null, TokenProblem = "HF_TOKEN holds a character a token never has (a space, a line break, a control or non-ASCII character); set it to the token alone" };
        }

        if (variable("HF_ENDPOINT") is { Length: > 0 } endpoint)
        {
            connection = Uri.TryCreate(endpoint.Trim().TrimEnd('/'), UriKind.Absolute, out Uri? uri) && uri.Scheme is "https" or "http"
                && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0
                ? connection with { Endpoint = uri }
                : connection with { EndpointProblem = $"HF_ENDPOINT '{Redacted(endpoint)}' is not an http or https address without credentials, query or fragment (like https://huggingface.co)" };
        }

        return connection;
    }

    /// <summary>The host set a token, and it was not sent because the policy names another endpoint than the host's (said in a 401/403).</summary>
    public bool TokenWithheld { get; init; }

    /// <summary>Why the host's token cannot be sent; reported only when the Hub is asked, never with the token.</summary>
    public string? TokenProblem { get; init; }

    /// <summary>
    /// An address as it may be printed: credentials (<c>user:secret@</c>), the query and the fragment
    /// replaced by <c>***</c>, and what is left escaped for a terminal. Used for every endpoint Gate names in a message.
    /// </summary>
    public static string Redacted(string address)
    {
        string text = System.Text.RegularExpressions.Regex.Replace(address, "(?<=//)[^/@]*@", "***@");
        int cut = text.IndexOfAny(['?', '#']);
        return Diagnostics.VisibleText.Escape(cut >= 0 ? text[..cut] + "***" : text);
    }
}
