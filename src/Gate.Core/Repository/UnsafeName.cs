namespace Gate.Core.Repository;

/// <summary>
/// A file or folder whose name Gate refuses to read: it holds a character that could make the name
/// match, print or split differently than it looks (see <see cref="PathText"/>).
/// </summary>
/// <param name="Path">The path, relative to the root, with the refused characters written as <c>\uXXXX</c>.</param>
/// <param name="Character">The first refused character, e.g. U+000A.</param>
internal sealed record UnsafeName(string Path, string Character);
