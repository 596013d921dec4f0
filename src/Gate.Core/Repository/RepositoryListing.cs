namespace Gate.Core.Repository;

/// <summary>What lies below the checked folder: its files and the linked folders Gate did not enter.</summary>
public sealed record RepositoryListing(IReadOnlyList<string> Files, IReadOnlyList<string> LinkedFolders);
