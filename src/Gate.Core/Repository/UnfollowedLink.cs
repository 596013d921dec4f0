namespace Gate.Core.Repository;

/// <summary>
/// A folder Gate does not enter: a link leading outside the checked folder, back into a folder that
/// holds it, or to a folder already entered through another link; or an empty folder, which is what
/// a git submodule the checkout did not fetch looks like.
/// </summary>
/// <param name="Path">The folder's path below the root.</param>
/// <param name="Reason">Why, as a predicate: "is a link that leads outside the checked folder".</param>
internal sealed record UnfollowedLink(string Path, string Reason);
