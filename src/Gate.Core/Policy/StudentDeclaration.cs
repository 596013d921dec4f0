using Gate.Core.Diagnostics;

namespace Gate.Core.Policy;

/// <summary>
/// A model that will be trained on the repository's data. When it states <c>base</c> it is also a
/// registry entry (<see cref="Model"/>); otherwise the registry or a model card must know it.
/// </summary>
public sealed record StudentDeclaration(Located<string> Id, ModelDeclaration? Model);
