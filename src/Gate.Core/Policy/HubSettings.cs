using Gate.Core.Diagnostics;

namespace Gate.Core.Policy;

/// <summary>
/// <c>hub:</c> in gate.yaml: <c>gate lock</c> may ask the Hugging Face Hub for the lineage of models
/// the registry and committed cards do not know, and records the answers in the lock. Checks never
/// use the network; they read what the lock recorded.
/// </summary>
/// <param name="Location">Where <c>hub:</c> is written.</param>
/// <param name="Endpoint">The Hub's address when the policy names one (<c>hub: { endpoint: URL }</c>); otherwise the host's choice (<c>HF_ENDPOINT</c>, then huggingface.co).</param>
public sealed record HubSettings(SourceLocation Location, Located<Uri>? Endpoint);
