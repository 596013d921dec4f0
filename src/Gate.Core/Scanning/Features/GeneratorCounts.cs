namespace Gate.Core.Scanning;

// The two counts ContentFeatures keeps of a generator field: records that name a value, and those that name none.

/// <summary>How many records name a generator value, and where the first one is.</summary>
public sealed record GeneratorCount(long Count, string FirstFile, long FirstLine);

/// <summary>How many records name no generator, what the first of them holds instead ("no 'generator' key"), and where it is.</summary>
public sealed record GeneratorGap(long Count, string What, string FirstFile, long FirstLine);
