using Gate.Core.Diagnostics;

namespace Gate.Core.Rules;

/// <summary>The waiver that covers a finding: why, who approved it, until when, and where it is written.</summary>
public sealed record AppliedWaiver(string Reason, string ApprovedBy, DateOnly Expires, SourceLocation Location);
