namespace Gate.GitHub.Tests;

public sealed class WorkflowFilesTests
{
    [Fact]
    public void Parallel_writers_never_tear_outputs()
    {
        using var temp = new TempFolder();
        string file = temp.File("output");
        File.WriteAllText(file, "");

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, writer =>
        {
            for (int i = 0; i < 50; i++)
            {
                WorkflowFiles.SetOutputs(file, [new($"w{writer}_{i}", $"line one of {writer}/{i}\nline=two\nEOF")]);
            }
        });

        var outputs = WorkflowOutputParser.Parse(File.ReadAllText(file));
        Assert.Equal(400, outputs.Count);
        Assert.All(outputs, o => Assert.EndsWith("\nline=two\nEOF", o.Value));
    }

    [Fact]
    public void A_value_cannot_forge_another_output()
    {
        using var temp = new TempFolder();
        string file = temp.File("output");
        File.WriteAllText(file, "");

        WorkflowFiles.SetOutputs(file, [new("verdict", "fail\nverdict=pass")]);

        var outputs = WorkflowOutputParser.Parse(File.ReadAllText(file));
        Assert.Equal("fail\nverdict=pass", Assert.Single(outputs).Value);
    }
}
