namespace Gate.Core.Rules;

/// <summary>
/// Distinct records of a dataset that also appear in datasets of models it does not declare, as far
/// as one of those models is concerned.
/// </summary>
/// <param name="Dataset">The dataset's index.</param>
/// <param name="Model">The undeclared model.</param>
/// <param name="ByModel">How many of the dataset's distinct records datasets of <paramref name="Model"/> hold.</param>
/// <param name="Shared">How many of its distinct records datasets of any undeclared model hold.</param>
/// <param name="Distinct">How many distinct records the dataset has.</param>
/// <param name="CoWritten">Some of those datasets name other teachers beside <paramref name="Model"/>, with nothing telling which wrote each record.</param>
/// <param name="Sources">The datasets of <paramref name="Model"/> that hold any, most first.</param>
internal sealed record Overlap(int Dataset, string Model, long ByModel, long Shared, long Distinct, bool CoWritten, IReadOnlyList<OverlapSource> Sources)
{
    /// <summary>The share of the dataset's distinct records that datasets of undeclared models hold.</summary>
    public double Share => (double)Shared / Distinct;
}
