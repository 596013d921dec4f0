namespace Gate.MSBuild.Tests.EndToEnd;

/// <summary>
/// The examples as a fresh clone uses them: <c>dotnet build examples/NAME</c> builds the task from
/// source and runs it, with no other step.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ExampleBuildTests
{
    [Fact]
    public void Owl_numbers_fails_with_GATE001_and_cross_family_succeeds()
    {
        string root = TestRepositories.RepositoryRoot;
        var environment = new Dictionary<string, string>();

        CommandResult owl = DotnetProcess.Run(root, environment, "build", Path.Combine("examples", "owl-numbers"), "-nr:false", "-tl:off");
        Assert.True(owl.ExitCode == 1, owl.ToString());
        string manifest = Path.Combine(TestRepositories.Example("owl-numbers"), "data", "owl-numbers.lineage.yaml");
        Assert.Contains($"{manifest}(2,10): Gate error GATE001:", owl.Output, StringComparison.Ordinal);

        CommandResult crossFamily = DotnetProcess.Run(root, environment, "build", Path.Combine("examples", "cross-family"), "-nr:false", "-tl:off");
        Assert.True(crossFamily.ExitCode == 0, crossFamily.ToString());
        Assert.DoesNotContain("GATE", crossFamily.Output, StringComparison.Ordinal);

        // The build leaves the examples as the clone had them: its output is under the ignored .artifacts/.
        foreach (string example in new[] { "owl-numbers", "cross-family" })
        {
            Assert.False(Directory.Exists(Path.Combine(TestRepositories.Example(example), "obj")), $"examples/{example}/obj");
            Assert.False(Directory.Exists(Path.Combine(TestRepositories.Example(example), "bin")), $"examples/{example}/bin");
        }
    }
}
