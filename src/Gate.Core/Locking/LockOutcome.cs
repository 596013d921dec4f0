namespace Gate.Core.Locking;

/// <summary>What <c>gate lock</c> wrote, and how the Hub's recorded answers changed against the lock it replaced (one line per model).</summary>
public sealed record LockOutcome(LockFile Lock, IReadOnlyList<string> LineageChanges);
