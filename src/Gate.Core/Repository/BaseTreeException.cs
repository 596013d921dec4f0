namespace Gate.Core.Repository;

/// <summary>Why the base could not be written out, in words that name the base's files, never the temporary folder.</summary>
internal sealed class BaseTreeException(string message) : Exception(message);
