namespace Gate.Core.Locking;

/// <summary>The lock is not the JSON it must be, at <see cref="Line"/>.</summary>
internal sealed class StrictJsonException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}
