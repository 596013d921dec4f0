using Microsoft.Build.Framework;

namespace Gate.MSBuild.Tests;

/// <summary>
/// The input corpus of tests/corpus (shared with the CLI tests) through the MSBuild task: every
/// refused input is a failed build with its GATE1xx error at the user's file — never MSB4018,
/// never a pass, never a stamp or report written.
/// </summary>
public sealed class InputCorpusTaskTests : IDisposable
{
    private readonly string _temp = TestRepositories.NewTempFolder("gate-corpus");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    public static TheoryData<string> BadInputs() => InputCorpus.Cases("bad-input");

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_fails_the_build_with_its_code(string name)
    {
        string folder = Path.Combine(InputCorpus.Folder, "bad-input", name);
        Dictionary<string, string> expect = InputCorpus.Expectations("bad-input", name);
        var engine = new RecordingBuildEngine();
        string stamps = Path.Combine(_temp, "obj");
        string report = Path.Combine(_temp, "report.json");
        var task = new CheckLineage { BuildEngine = engine, Directory = folder, StampDirectory = stamps, ReportFile = report, AsOf = "2026-11-27" };

        Assert.False(task.Execute(), engine.ToString());

        BuildErrorEventArgs error = Assert.Single(engine.Errors, e => e.Code == expect["code"]);
        Assert.Equal("Gate", error.Subcategory);
        if (expect.TryGetValue("message", out string? message))
        {
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }

        if (expect.TryGetValue("at", out string? at))
        {
            // "file(line,col" in the corpus → the task's full path, line and column
            string file = at.Split('(')[0];
            Assert.Equal(Path.Combine(folder, file.Replace('/', Path.DirectorySeparatorChar)), error.File);
            string[] position = at.Contains('(') ? at.Split('(')[1].TrimEnd(')').Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            if (position.Length > 0)
            {
                Assert.Equal(int.Parse(position[0]), error.LineNumber);
            }

            if (position.Length > 1)
            {
                Assert.Equal(int.Parse(position[1]), error.ColumnNumber);
            }
        }

        Assert.DoesNotContain(engine.Errors, e => e.Code is "MSB4018" or "GATE199");
        Assert.False(Directory.Exists(stamps) && Directory.EnumerateFiles(stamps, "*.gatestamp").Any());
        Assert.False(File.Exists(report));
    }
}
