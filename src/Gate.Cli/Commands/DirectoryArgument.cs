using System.CommandLine;

namespace Gate.Cli.Commands;

/// <summary>The optional <c>DIR</c> argument of <c>check</c> and <c>init</c>.</summary>
internal static class DirectoryArgument
{
    public static Argument<DirectoryInfo> Create()
    {
        var argument = new Argument<DirectoryInfo>("DIR")
        {
            Description = "The data repository's folder (default: the current folder).",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };

        // Without this, a mistyped option ("--polcy") would silently become the folder to check.
        argument.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } token)
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });
        return argument;
    }
}
