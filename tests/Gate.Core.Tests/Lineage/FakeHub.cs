using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Gate.Core.Tests.Lineage;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers the Hugging Face Hub's model API as the Hub does
/// (<c>GET /api/models/{id}</c> and <c>/api/models/{id}/revision/{rev}</c>): the JSON shape with
/// <c>id</c>, <c>sha</c>, <c>cardData</c> and <c>tags</c>; 307 redirects for renamed repositories;
/// 401 with <c>X-Error-Code: RepoNotFound</c> or <c>GatedRepo</c>; and, on request, 404, 429 with
/// <c>Retry-After</c>, 500, a stalled connection or a huge body. It records every request.
/// </summary>
public sealed class FakeHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, JsonObject> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _renamed = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> _answers = new(StringComparer.OrdinalIgnoreCase);

    public FakeHub()
    {
        int port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>What to answer for one request instead of the model: a status with headers, a stall, or a body of a size.</summary>
    public sealed record Answer(int Status, string? RetryAfter = null, string? ErrorCode = null, bool Stall = false, long HugeBody = 0, string? Location = null);

    public string Endpoint { get; }

    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();

    /// <summary>A model with its card's lineage, as the Hub serves it; a later call replaces it (an upstream change).</summary>
    public FakeHub Model(string id, string? baseModel = null, string? relation = null, string[]? tags = null, string? sha = null, JsonNode? baseModelNode = null)
    {
        var card = new JsonObject { ["license"] = "apache-2.0" };
        if (baseModelNode is not null)
        {
            card["base_model"] = baseModelNode;
        }
        else if (baseModel is not null)
        {
            card["base_model"] = baseModel;
        }

        if (relation is not null)
        {
            card["base_model_relation"] = relation;
        }

        var tagArray = new JsonArray("transformers", "safetensors");
        foreach (string tag in tags ?? (baseModel is null ? [] : [$"base_model:{baseModel}", $"base_model:{relation ?? "finetune"}:{baseModel}"]))
        {
            tagArray.Add(tag);
        }

        _models[id] = new JsonObject
        {
            ["_id"] = "65f0c0ffee" + Math.Abs(id.GetHashCode(StringComparison.Ordinal)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
            ["id"] = id,
            ["modelId"] = id,
            ["author"] = id.Split('/')[0],
            ["sha"] = sha ?? Sha(id),
            ["private"] = false,
            ["gated"] = false,
            ["downloads"] = 1234,
            ["tags"] = tagArray,
            ["pipeline_tag"] = "text-generation",
            ["cardData"] = card,
            ["siblings"] = new JsonArray(new JsonObject { ["rfilename"] = "README.md" }, new JsonObject { ["rfilename"] = "config.json" }),
        };
        return this;
    }

    /// <summary>A repository renamed on the Hub: the old id answers 307 to the new one's address.</summary>
    public FakeHub Rename(string oldId, string newId)
    {
        _renamed[oldId] = newId;
        return this;
    }

    /// <summary>The next requests for <paramref name="id"/> get these answers, in order, before the model itself.</summary>
    public FakeHub Then(string id, params Answer[] answers)
    {
        var queue = _answers.GetOrAdd(id, _ => new ConcurrentQueue<Answer>());
        foreach (Answer answer in answers)
        {
            queue.Enqueue(answer);
        }

        return this;
    }

    public int RequestsFor(string id) => Requests.Count(r => r.Path.StartsWith("/api/models/" + id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A stable 40-digit revision for an id.</summary>
    public static string Sha(string id) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(id)));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return; // stopped
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue((path, context.Request.Headers["Authorization"]));
            HttpListenerResponse response = context.Response;
            const string Prefix = "/api/models/";
            if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                await Send(response, 404, "{\"error\":\"Sorry, we can't find the page you are looking for.\"}");
                return;
            }

            string rest = path[Prefix.Length..];
            int revision = rest.IndexOf("/revision/", StringComparison.Ordinal);
            string id = revision >= 0 ? rest[..revision] : rest;
            if (_answers.TryGetValue(id, out var queue) && queue.TryDequeue(out Answer? answer))
            {
                if (answer.Stall)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }

                if (answer.HugeBody > 0)
                {
                    response.StatusCode = 200;
                    response.ContentType = "application/json";
                    response.SendChunked = true;
                    byte[] chunk = Encoding.ASCII.GetBytes(new string(' ', 65536));
                    await response.OutputStream.WriteAsync("{\"id\":\""u8.ToArray());
                    for (long sent = 0; sent < answer.HugeBody; sent += chunk.Length)
                    {
                        await response.OutputStream.WriteAsync(chunk);
                    }

                    response.Close();
                    return;
                }

                if (answer.RetryAfter is not null)
                {
                    response.Headers["Retry-After"] = answer.RetryAfter;
                }

                if (answer.ErrorCode is not null)
                {
                    response.Headers["X-Error-Code"] = answer.ErrorCode;
                }

                if (answer.Location is not null)
                {
                    response.Headers["Location"] = answer.Location;
                }

                await Send(response, answer.Status, $"{{\"error\":\"status {answer.Status}\"}}");
                return;
            }

            if (_renamed.TryGetValue(id, out string? renamed))
            {
                response.Headers["Location"] = Prefix + renamed + (revision >= 0 ? rest[revision..] : string.Empty);
                await Send(response, 307, string.Empty);
                return;
            }

            if (!_models.TryGetValue(id, out JsonObject? model))
            {
                response.Headers["X-Error-Code"] = "RepoNotFound";
                await Send(response, 401, "{\"error\":\"Repository Not Found for url: https://huggingface.co/api/models/" + id + ".\"}");
                return;
            }

            await Send(response, 200, model.ToJsonString());
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
        }
    }

    private static async Task Send(HttpListenerResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
