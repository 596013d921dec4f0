namespace Gate.Core.Lineage;

/// <summary>What the Hub's model API said of one model: its canonical id, revision, and the lineage its card declares.</summary>
/// <param name="Id">The id the Hub serves the model under (differs from the id asked when the repository was renamed).</param>
/// <param name="Revision">The repository's commit id (<c>sha</c>).</param>
/// <param name="Bases">From <c>cardData.base_model</c> and the <c>base_model:…</c> tags.</param>
/// <param name="Relation">From <c>cardData.base_model_relation</c>, or the tags.</param>
internal sealed record HubAnswer(string Id, string Revision, IReadOnlyList<string> Bases, string? Relation);
