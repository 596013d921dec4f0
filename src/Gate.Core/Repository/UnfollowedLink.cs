namespace Gate.Core.Repository;

/// <summary>A linked folder that is not entered: it leads outside the checked folder, or back into one of its own ancestors.</summary>
/// <param name="Path">The link's path below the root.</param>
/// <param name="Reason">Why, as a clause: "leads outside the checked folder", "leads back to 'data' (a loop)".</param>
public sealed record UnfollowedLink(string Path, string Reason);
