using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gate.GitHub.Tests;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers the GitHub REST calls Gate makes, in GitHub's JSON
/// shapes, under <c>/api/v3/</c> (as a GitHub Enterprise Server base URL). It records every request
/// and can be told to fail the next matching calls.
/// </summary>
internal sealed partial class FakeGitHubServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly object _gate = new();
    private long _nextId = 1000;

    public FakeGitHubServer()
    {
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/api/v3/";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Comments per issue number, in creation order.</summary>
    public Dictionary<int, List<(long Id, string Body)>> Comments { get; } = [];

    /// <summary>Annotations received per check run id (GitHub accumulates them across updates).</summary>
    public Dictionary<long, List<JsonNode>> CheckRunAnnotations { get; } = [];

    /// <summary>The next <paramref name="times"/> requests matching method and path answer with this status.</summary>
    public void FailNext(string method, string pathPattern, int status, int times = 1, string? retryAfter = null, bool hang = false)
    {
        for (int i = 0; i < times; i++)
        {
            _failures.Enqueue(new Failure(method, new Regex(pathPattern), status, retryAfter, hang));
        }
    }

    public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body, int Status);

    private sealed record Failure(string Method, Regex Path, int Status, string? RetryAfter, bool Hang);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        string path = request.Url!.AbsolutePath;
        int status;
        string response;
        Failure? failure = TakeFailure(request.HttpMethod, path);
        if (failure is not null)
        {
            if (failure.Hang)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), _stop.Token).ContinueWith(_ => { });
            }

            status = failure.Status;
            response = JsonSerializer.Serialize(new { message = $"injected {failure.Status}", documentation_url = "https://docs.github.com/rest" });
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers["Retry-After"] = failure.RetryAfter;
            }
        }
        else
        {
            (status, response) = Route(request.HttpMethod, path, body);
        }

        lock (_gate)
        {
            Requests.Add(new RecordedRequest(request.HttpMethod, path, request.Headers["Authorization"], body, status));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        byte[] bytes = Encoding.UTF8.GetBytes(response);
        try
        {
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // the client gave up (a timeout test); nothing to answer
        }
    }

    private Failure? TakeFailure(string method, string path)
    {
        lock (_gate)
        {
            if (_failures.TryPeek(out Failure? next) && next.Method == method && next.Path.IsMatch(path))
            {
                _failures.TryDequeue(out _);
                return next;
            }
        }

        return null;
    }

    private (int Status, string Body) Route(string method, string path, string body)
    {
        lock (_gate)
        {
            if (method == "POST" && CheckRuns().Match(path) is { Success: true })
            {
                long id = _nextId++;
                JsonNode request = JsonNode.Parse(body)!;
                CheckRunAnnotations[id] = Annotations(request);
                return (201, CheckRunJson(id, request));
            }

            if (method == "PATCH" && CheckRun().Match(path) is { Success: true } run)
            {
                long id = long.Parse(run.Groups["id"].Value);
                if (!CheckRunAnnotations.TryGetValue(id, out var list))
                {
                    return (404, """{"message":"Not Found"}""");
                }

                JsonNode request = JsonNode.Parse(body)!;
                list.AddRange(Annotations(request));
                return (200, CheckRunJson(id, request));
            }

            if (IssueComments().Match(path) is { Success: true } issue)
            {
                int number = int.Parse(issue.Groups["n"].Value);
                List<(long Id, string Body)> comments = Comments.TryGetValue(number, out var c) ? c : Comments[number] = [];
                if (method == "GET")
                {
                    return (200, new JsonArray(comments.Select(x => CommentJson(x.Id, x.Body)).ToArray()).ToJsonString());
                }

                if (method == "POST")
                {
                    long id = _nextId++;
                    string text = JsonNode.Parse(body)!["body"]!.GetValue<string>();
                    comments.Add((id, text));
                    return (201, CommentJson(id, text).ToJsonString());
                }
            }

            if (method == "PATCH" && Comment().Match(path) is { Success: true } comment)
            {
                long id = long.Parse(comment.Groups["id"].Value);
                string text = JsonNode.Parse(body)!["body"]!.GetValue<string>();
                foreach (var list in Comments.Values)
                {
                    int index = list.FindIndex(x => x.Id == id);
                    if (index >= 0)
                    {
                        list[index] = (id, text);
                        return (200, CommentJson(id, text).ToJsonString());
                    }
                }

                return (404, """{"message":"Not Found"}""");
            }

            return (404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
        }
    }

    private static List<JsonNode> Annotations(JsonNode request) =>
        request["output"]?["annotations"]?.AsArray().Select(a => a!.DeepClone()).ToList() ?? [];

    private static string CheckRunJson(long id, JsonNode request) => new JsonObject
    {
        ["id"] = id,
        ["head_sha"] = request["head_sha"]?.DeepClone(),
        ["name"] = request["name"]?.DeepClone() ?? "Gate",
        ["status"] = "completed",
        ["conclusion"] = request["conclusion"]?.DeepClone(),
        ["html_url"] = $"https://github.example/runs/{id}",
    }.ToJsonString();

    private static JsonObject CommentJson(long id, string body) => new()
    {
        ["id"] = id,
        ["node_id"] = $"IC_{id}",
        ["body"] = body,
        ["html_url"] = $"https://github.example/comments/{id}",
        ["user"] = new JsonObject { ["login"] = "github-actions[bot]", ["id"] = 41898282 },
        ["created_at"] = "2026-11-27T10:00:00Z",
        ["updated_at"] = "2026-11-27T10:00:00Z",
    };

    [GeneratedRegex("^/api/v3/repos/[^/]+/[^/]+/check-runs$")]
    private static partial Regex CheckRuns();

    [GeneratedRegex("^/api/v3/repos/[^/]+/[^/]+/check-runs/(?<id>[0-9]+)$")]
    private static partial Regex CheckRun();

    [GeneratedRegex("^/api/v3/repos/[^/]+/[^/]+/issues/(?<n>[0-9]+)/comments$")]
    private static partial Regex IssueComments();

    [GeneratedRegex("^/api/v3/repos/[^/]+/[^/]+/issues/comments/(?<id>[0-9]+)$")]
    private static partial Regex Comment();

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener
        }
    }
}
