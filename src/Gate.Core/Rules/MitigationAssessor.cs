using Gate.Core.Datasets;
using Gate.Core.Diagnostics;
using Gate.Core.Lineage;
using Gate.Core.Manifests;
using Gate.Core.Policy;
using Gate.Core.Yaml;

namespace Gate.Core.Rules;

/// <summary>
/// Judges mitigation claims against the policy: the kind must be accepted, its required fields
/// present, its evidence on disk, and a rewriter must not share an initialization with the student
/// or the teacher (a paraphrase by the same lineage carries the trait — Gisler et al. 2026).
/// </summary>
internal static class MitigationAssessor
{
    public static IReadOnlyList<MitigationAssessment> Assess(EvaluationContext context)
    {
        var assessments = new List<MitigationAssessment>();
        foreach (Dataset dataset in context.Inventory.Datasets.Where(d => d.Manifest is not null))
        {
            foreach (MitigationClaim claim in dataset.Manifest!.Mitigations)
            {
                assessments.Add(AssessOne(context, dataset, claim));
            }
        }

        return assessments;
    }

    private static MitigationAssessment AssessOne(EvaluationContext context, Dataset dataset, MitigationClaim claim)
    {
        var problems = new List<MitigationProblem>();
        AcceptedMitigation? kind = context.Policy.FindMitigation(claim.Kind.Value);
        if (kind is null)
        {
            string[] accepted = context.Policy.Mitigations.Select(m => m.Kind.Value).ToArray();
            string list = accepted.Length == 0 ? "gate.yaml accepts none" : $"accepted: {string.Join(", ", accepted)}";
            problems.Add(new($"the mitigation kind '{claim.Kind.Value}' is not accepted by the policy ({list}){Suggestions.DidYouMean(claim.Kind.Value, accepted)}; use an accepted kind or have the policy owners add it",
                claim.Kind.Location, null, null));
        }
        else
        {
            foreach (Located<string> field in kind.Requires.Where(f => claim.Field(f.Value) is null))
            {
                problems.Add(new($"the '{claim.Kind.Value}' mitigation needs '{field.Value}' (gate.yaml requires it); add it to the manifest",
                    claim.Location, null, null));
            }
        }

        if (claim.Field(MitigationClaim.EvidenceField) is { } evidence && claim.EvidencePath is { } path
            && EvidenceProblem(context, path) is { } why)
        {
            problems.Add(new($"the evidence file '{evidence.Value}' {why}", evidence.Location, null, null));
        }

        IReadOnlyList<UnresolvedModel> unresolved = [];
        if (claim.Field(MitigationClaim.RewriterField) is { } rewriter)
        {
            Ancestry rewriterAncestry = context.Resolver.GetAncestry(rewriter.Value);
            unresolved = rewriterAncestry.Unresolved
                .Select(u => u.ReferencedAt is null ? u with { ReferencedAt = rewriter.Location } : u)
                .ToArray();
            AddSelfDefeatingRewriter(context, dataset, rewriter, rewriterAncestry, problems);
        }

        return new MitigationAssessment(dataset, claim, kind, problems, unresolved);
    }

    /// <summary>
    /// Why a path cannot be evidence, or null when it can: evidence is a file of its own in the checked
    /// folder (listed, so not inside .git and not a folder), not one of Gate's own files (a manifest,
    /// gate.yaml, gate.lock.json), and not data under the gate. Otherwise a claim could point at the
    /// manifest that makes it, or at the data it is meant to vouch for.
    /// </summary>
    private static string? EvidenceProblem(EvaluationContext context, string path)
    {
        if (!context.Listing.Contains(path))
        {
            return "does not exist as a file in the checked folder; commit it beside the manifest or correct the path";
        }

        if (path.EndsWith(LineageManifest.Suffix, StringComparison.Ordinal) || path == Locking.LockFile.FileName
            || path == GatePolicy.DefaultFileName || path == context.Policy.File)
        {
            return "is one of Gate's own files (a lineage manifest, gate.yaml or gate.lock.json), which cannot vouch for a mitigation; commit the evidence as a file of its own";
        }

        if (context.Inventory.Datasets.FirstOrDefault(d => d.Covers(path)) is { } dataset)
        {
            return $"is data under the gate (the dataset '{dataset.Path}'), which cannot vouch for a mitigation; commit the evidence as a file of its own";
        }

        return null;
    }

    private static void AddSelfDefeatingRewriter(EvaluationContext context, Dataset dataset, Located<string> rewriter, Ancestry rewriterAncestry, List<MitigationProblem> problems)
    {
        foreach (Located<string> student in context.StudentsOf(dataset))
        {
            if (LineageResolver.NearestSharedAncestor(rewriterAncestry, context.StudentResolver.GetAncestry(student.Value)) is { } shared)
            {
                problems.Add(new($"the rewriter {rewriterAncestry.Model} shares the initialization {shared} with the student {context.Resolver.Registry.Canonical(student.Value)}, so its rewrite can carry traits to it; use a rewriter from another family",
                    rewriter.Location, null, student.Value));
            }
        }

        foreach (Located<string> teacher in dataset.Manifest!.Teachers)
        {
            Ancestry teacherAncestry = context.Resolver.GetAncestry(teacher.Value);
            if (LineageResolver.NearestSharedAncestor(rewriterAncestry, teacherAncestry) is { } shared)
            {
                problems.Add(new($"the rewriter {rewriterAncestry.Model} shares the initialization {shared} with the teacher {teacherAncestry.Model}: a paraphrase by the same lineage still carries the trait; use a rewriter from another family",
                    rewriter.Location, teacher.Value, null));
            }
            else if (LineageResolver.SharedFamilies(rewriterAncestry, teacherAncestry) is [var family, ..])
            {
                problems.Add(new($"the rewriter {rewriterAncestry.Model} is of the teacher's family {family}: paraphrase within a family has no published support as a mitigation; use a rewriter from another family",
                    rewriter.Location, teacher.Value, null));
            }
        }
    }
}
