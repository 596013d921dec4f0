using System.Text.Json;

namespace Gate.GitHub;

/// <summary>
/// What the event payload says about the pull request, if the run is for one; and the commit the
/// change is described against: a pull request's base, a merge queue group's base, or what a push
/// replaced (none for a branch's first push).
/// </summary>
internal sealed record PullRequestContext(int? Number, string? HeadSha)
{
    /// <summary>The base commit of the event, when it names one (40 or 64 hex digits).</summary>
    public string? BaseSha { get; init; }

    public static PullRequestContext Read(string? eventName, string? eventPath)
    {
        if (eventPath is null || !File.Exists(eventPath))
        {
            return new PullRequestContext(null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(eventPath));
            JsonElement root = document.RootElement;
            if (eventName is "pull_request" or "pull_request_target"
                && root.TryGetProperty("pull_request", out JsonElement pr))
            {
                int? number = pr.TryGetProperty("number", out JsonElement n) && n.TryGetInt32(out int value) ? value : null;
                string? head = pr.TryGetProperty("head", out JsonElement h) && h.TryGetProperty("sha", out JsonElement sha) ? sha.GetString() : null;
                string? baseSha = pr.TryGetProperty("base", out JsonElement b) && b.TryGetProperty("sha", out JsonElement bs) ? bs.GetString() : null;
                return new PullRequestContext(number, head) { BaseSha = Commit(baseSha) };
            }

            if (eventName == "merge_group" && root.TryGetProperty("merge_group", out JsonElement group))
            {
                return new PullRequestContext(null, null) { BaseSha = Commit(group.TryGetProperty("base_sha", out JsonElement gb) ? gb.GetString() : null) };
            }

            if (eventName == "push")
            {
                return new PullRequestContext(null, null) { BaseSha = Commit(root.TryGetProperty("before", out JsonElement before) ? before.GetString() : null) };
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A payload Gate cannot read only means no PR comment; the verdict does not depend on it.
        }

        return new PullRequestContext(null, null);
    }

    /// <summary>A commit id as the payload gives it; null for anything else, and for the all-zero id of a first push.</summary>
    private static string? Commit(string? sha) =>
        sha is { Length: 40 or 64 } && sha.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') && sha.Any(c => c != '0') ? sha : null;
}
