namespace Gate.Core.Policy;

/// <summary>Where a model's lineage was declared.</summary>
public enum ModelSource
{
    /// <summary>gate.yaml's <c>models:</c>.</summary>
    Registry,

    /// <summary>gate.yaml's <c>students:</c>, for a student that states its base.</summary>
    Student,

    /// <summary>A model card committed in the checked folder.</summary>
    ModelCard,

    /// <summary>Gate's built-in catalog of well-known pretrained models (<c>catalog: builtin</c>).</summary>
    Catalog,

    /// <summary>The Hugging Face Hub, as <c>gate lock</c> read it and the lock recorded it.</summary>
    Hub,
}
