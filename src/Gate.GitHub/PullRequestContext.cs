using System.Text.Json;

namespace Gate.GitHub;

/// <summary>What the event payload says about the pull request, if the run is for one.</summary>
internal sealed record PullRequestContext(int? Number, string? HeadSha)
{
    public static PullRequestContext Read(string? eventName, string? eventPath)
    {
        if (eventPath is null || !File.Exists(eventPath))
        {
            return new PullRequestContext(null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(eventPath));
            if (eventName is "pull_request" or "pull_request_target"
                && document.RootElement.TryGetProperty("pull_request", out JsonElement pr))
            {
                int? number = pr.TryGetProperty("number", out JsonElement n) && n.TryGetInt32(out int value) ? value : null;
                string? head = pr.TryGetProperty("head", out JsonElement h) && h.TryGetProperty("sha", out JsonElement sha) ? sha.GetString() : null;
                return new PullRequestContext(number, head);
            }
        }
        catch (JsonException)
        {
            // A payload Gate cannot read only means no PR comment; the verdict does not depend on it.
        }

        return new PullRequestContext(null, null);
    }
}
