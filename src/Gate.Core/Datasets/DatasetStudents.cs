using Gate.Core.Diagnostics;
using Gate.Core.Policy;

namespace Gate.Core.Datasets;

/// <summary>The students of a dataset: its manifest's <c>students</c>, else every student the policy declares.</summary>
internal static class DatasetStudents
{
    public static IReadOnlyList<Located<string>> Of(Dataset dataset, GatePolicy policy) =>
        dataset.Manifest?.Students ?? policy.Students.Select(s => s.Id).ToArray();

    /// <summary>The students' names; <paramref name="policyStudents"/> are the policy's (<see cref="PolicyStudentNames"/>).</summary>
    public static IReadOnlyList<string> NamesOf(Dataset dataset, IReadOnlyList<string> policyStudents) =>
        dataset.Manifest?.Students?.Select(s => s.Value).ToArray() ?? policyStudents;

    /// <summary>The names of every student the policy declares, in its order.</summary>
    public static string[] PolicyStudentNames(GatePolicy policy) => policy.Students.Select(s => s.Id.Value).ToArray();
}
