namespace Gate.Core.Reports;

/// <summary>Whether a change adds, changes or removes a dataset.</summary>
public enum DatasetChangeKind
{
    Added,
    Changed,
    Removed,
}
