namespace Gate.Core.Policy;

/// <summary>Where a model's lineage was declared: the policy's registry, its students, or a model card.</summary>
public enum ModelSource
{
    Registry,
    Student,
    ModelCard,
}
