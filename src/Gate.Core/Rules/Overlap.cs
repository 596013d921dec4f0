namespace Gate.Core.Rules;

/// <summary>Distinct records of a dataset that also appear in datasets of a teacher set it does not cover.</summary>
/// <param name="Dataset">The dataset's index.</param>
/// <param name="TeacherSet">The other datasets' teacher set.</param>
/// <param name="Shared">How many of the dataset's distinct records the set's datasets hold.</param>
/// <param name="Distinct">How many distinct records the dataset has.</param>
/// <param name="Sources">The set's datasets that hold any, most first.</param>
internal sealed record Overlap(int Dataset, int TeacherSet, long Shared, long Distinct, IReadOnlyList<OverlapSource> Sources)
{
    /// <summary>The share of the dataset's distinct records that the set's datasets hold.</summary>
    public double Share => (double)Shared / Distinct;
}
