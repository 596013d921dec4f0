namespace Gate.Core.Locking;

/// <summary>
/// What <c>gate lock</c> wrote, how the Hub's recorded answers changed against the lock it replaced
/// (one line per model), and the error-level lineage findings of what it locked: locking records a
/// dataset, it never makes it pass, and the person locking should hear so before committing.
/// </summary>
public sealed record LockOutcome(LockFile Lock, IReadOnlyList<string> LineageChanges)
{
    /// <summary>Active error-level findings of the lineage rules (those that need no content) on the locked datasets.</summary>
    public IReadOnlyList<Rules.Finding> Failing { get; init; } = [];
}
