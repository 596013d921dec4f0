using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core;

/// <summary>The gate's main job: load, resolve, evaluate, report. Hosts call this and translate the report.</summary>
public static class GateRun
{
    /// <summary>Evaluates a folder. Throws <see cref="Diagnostics.GateInputException"/> when it cannot be evaluated.</summary>
    public static GateReport Check(GateCheckOptions options, CancellationToken cancellationToken = default)
    {
        GateWorkspace workspace = GateWorkspace.Load(options.Directory, options.PolicyPath, cancellationToken);
        var context = new EvaluationContext(workspace.Root, workspace.Policy, workspace.Inventory, workspace.Resolver, options.Today);
        IReadOnlyList<Finding> findings = RuleEvaluator.Evaluate(context);
        var datasets = workspace.Inventory.Datasets
            .Select(d => new DatasetSummary(
                d.Path,
                d.IsFolder,
                d.Manifest?.File,
                d.Manifest?.Teachers.Select(t => workspace.Registry.Canonical(t.Value)).ToArray() ?? [],
                d.Manifest is null ? [] : context.StudentsOf(d).Select(s => workspace.Registry.Canonical(s.Value)).ToArray()))
            .ToArray();
        return new GateReport(workspace.Policy.File, datasets, findings);
    }
}
