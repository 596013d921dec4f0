namespace Gate.Core.Lineage;

/// <summary><paramref name="DistilledModel"/> was distilled from <paramref name="Source"/>, which shares <paramref name="Shared"/> with the other side.</summary>
internal sealed record BehaviouralMatch(string DistilledModel, string Source, string Shared, string DistilledSide);
