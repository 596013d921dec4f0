using System.CommandLine;
using Gate.Cli;
using Gate.Cli.Commands;

var root = new RootCommand("gate: the lineage gate for synthetic training data. Fails when a dataset's teacher and a student share an initialization without an accepted mitigation on record.")
{
    CheckCommand.Create(),
    LockCommand.Create(),
    FingerprintCommand.Create(),
    LineageCommand.Create(),
    ExplainCommand.Create(),
    InitCommand.Create(),
};

return await CommandRunner.RunAsync(root, args, Console.Out, Console.Error);
