using Gate.Core.Diagnostics;

namespace Gate.Core.Policy;

/// <summary>
/// A mitigation kind the organisation accepts: the rules it clears and the fields a manifest's
/// claim of it must carry. The fields <c>evidence</c> (a file that must exist) and <c>rewriter</c>
/// (a model that must not share the student's or teacher's initialization) are checked.
/// </summary>
public sealed record AcceptedMitigation(Located<string> Kind, IReadOnlyList<Located<string>> Clears, IReadOnlyList<Located<string>> Requires);
