using System.CommandLine;
using Gate.Core.Diagnostics;

namespace Gate.Cli.Tests;

/// <summary>Whatever goes wrong inside a command, the exit code is 2 — never 0, never a stack trace.</summary>
public sealed class FailClosedTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> Run(Action action)
    {
        var command = new Command("boom", "fails");
        command.SetAction(_ =>
        {
            action();
            return 0;
        });
        var root = new RootCommand("test") { command };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await CommandRunner.RunAsync(root, ["boom"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task An_unexpected_exception_is_GATE199_and_exit_two()
    {
        var (exit, _, stderr) = await Run(() => throw new InvalidOperationException("a bug"));

        Assert.Equal(2, exit);
        Assert.StartsWith("error GATE199: Gate failed unexpectedly (InvalidOperationException: a bug)", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    /// <summary>
    /// An I/O error on the user's files is not an internal error: GATE107, the code the MSBuild task
    /// and the action give it too (InputError.FromException); only the truly unexpected is GATE199.
    /// </summary>
    [Theory]
    [InlineData(typeof(IOException), "disk full", "error GATE107: a file Gate needs cannot be read or written: disk full")]
    [InlineData(typeof(UnauthorizedAccessException), "Access to the path '/d/x.jsonl' is denied.", "error GATE107: a file Gate needs cannot be read or written: Access to the path")]
    [InlineData(typeof(InvalidDataException), "bad block", "error GATE100: the input is corrupt: bad block")]
    [InlineData(typeof(InsufficientMemoryException), "no room", "error GATE199: Gate failed unexpectedly (InsufficientMemoryException: no room)")]
    public async Task A_failure_has_the_code_every_host_gives_it_and_exit_two(Type exception, string message, string expected)
    {
        var (exit, _, stderr) = await Run(() => throw (Exception)Activator.CreateInstance(exception, message)!);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, stderr);
    }

    [Fact]
    public async Task Input_errors_are_printed_one_per_line_and_exit_two()
    {
        var (exit, _, stderr) = await Run(() => throw new GateInputException(
        [
            new InputError(InputErrorKind.UnknownKey, "unknown key 'x'", new SourceLocation("gate.yaml", 3, 1)),
            new InputError(InputErrorKind.MissingField, "needs 'version'", SourceLocation.WholeFile("gate.yaml")),
        ]));

        Assert.Equal(2, exit);
        Assert.Equal(["gate.yaml: error GATE103: needs 'version'", "gate.yaml(3,1): error GATE101: unknown key 'x'"],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Cancellation_is_exit_two_not_a_pass()
    {
        var (exit, _, stderr) = await Run(() => throw new OperationCanceledException());

        Assert.Equal(2, exit);
        Assert.Contains("cancelled", stderr);
    }
}
