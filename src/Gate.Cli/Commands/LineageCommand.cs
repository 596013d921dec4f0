using System.CommandLine;
using Gate.Core;
using Gate.Core.Lineage;
using Gate.Core.Policy;
using Gate.Core.Reports;

namespace Gate.Cli.Commands;

/// <summary><c>gate lineage MODEL</c>: the resolved ancestry of a model.</summary>
internal static class LineageCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A model id or alias, e.g. Qwen/Qwen2.5-7B-Instruct." };
        var policy = new Option<FileInfo?>("--policy") { Description = "The policy file (default: ./gate.yaml). Model cards are found relative to its folder." };
        var format = new Option<string>("--format", "-f") { Description = "text | mermaid | json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "mermaid", "json");
        var command = new Command("lineage", "Show the resolved ancestry of a model: weight parents to the root, families, distillation parents, and anything unresolved.")
        {
            model, policy, format,
        };
        command.SetAction(parse =>
        {
            string policyPath = parse.GetValue(policy)?.FullName ?? Path.GetFullPath(GatePolicy.DefaultFileName);
            LineageResult lineage = GateRun.Lineage(policyPath, parse.GetValue(model)!);
            string text = parse.GetValue(format) switch
            {
                "json" => LineageWriter.ToJson(lineage.Tree, lineage.Ancestry),
                "mermaid" => LineageWriter.ToMermaid(lineage.Tree),
                _ => LineageWriter.ToText(lineage.Tree),
            };
            parse.InvocationConfiguration.Output.Write(WorkflowLog.Inert(text));
            return lineage.Ancestry.IsFullyResolved ? ExitCodes.Pass : ExitCodes.Fail;
        });
        return command;
    }
}
