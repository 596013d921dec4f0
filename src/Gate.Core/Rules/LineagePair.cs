using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;

namespace Gate.Core.Rules;

/// <summary>
/// One teacher and one student of one dataset, with both resolved ancestries: the unit the
/// lineage rules judge. Locations are where the teacher and student are named.
/// </summary>
internal sealed record LineagePair(
    Dataset Dataset,
    Located<string> Teacher,
    Located<string> Student,
    Ancestry TeacherAncestry,
    Ancestry StudentAncestry)
{
    public string TeacherId => TeacherAncestry.Model;

    public string StudentId => StudentAncestry.Model;

    /// <summary>The nearest initialization teacher and student share; null when they share none.</summary>
    public string? SharedAncestor { get; } = LineageResolver.NearestSharedAncestor(TeacherAncestry, StudentAncestry);

    /// <summary>
    /// The behavioural match of teacher and student, looked for only when they share no
    /// initialization (null otherwise). Filled by <see cref="EvaluationContext"/> when it builds the
    /// pairs, since following distillation parents needs the resolver.
    /// </summary>
    public BehaviouralMatch? BehaviouralMatch { get; init; }
}
