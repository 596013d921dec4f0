using System.CommandLine;
using Gate.Core.Diagnostics;
using Gate.Core.IO;
using Gate.Core.Policy;
using Gate.Core.Reports;

namespace Gate.Cli.Commands;

/// <summary><c>gate init [DIR]</c>: writes a commented starter gate.yaml.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var directory = DirectoryArgument.Create();
        var force = new Option<bool>("--force") { Description = "Overwrite an existing gate.yaml." };
        var command = new Command("init", "Write a commented starter gate.yaml.") { directory, force };
        command.SetAction(parse =>
        {
            DirectoryInfo folder = parse.GetValue(directory)!;
            string path = Path.Combine(folder.FullName, GatePolicy.DefaultFileName);
            if (!folder.Exists)
            {
                throw new GateInputException(new InputError(InputErrorKind.FileNotReadable, $"the folder '{folder}' does not exist", null));
            }

            if (File.Exists(path) && !parse.GetValue(force))
            {
                throw new GateInputException(new InputError(InputErrorKind.ConflictingDeclaration,
                    "gate.yaml already exists; Gate does not overwrite a policy (use --force to replace it)", SourceLocation.WholeFile(path)));
            }

            AtomicFile.WriteAllText(path, StarterPolicy.Text);
            parse.InvocationConfiguration.Output.Write(WorkflowLog.Inert(
                $"Wrote {VisibleText.Escape(path)}.\n"
                + "Next: edit its models and students, add NAME.lineage.yaml beside each dataset, run 'gate lock' and commit gate.lock.json with the data, then run 'gate check'.\n"
                + "The lock records each dataset's SHA-256, records and fingerprint with its manifest and evidence digests: a pull request that changes data must show the lock change (GATE006 dataset-changed).\n"));
            return ExitCodes.Pass;
        });
        return command;
    }
}
