using System.Xml.Linq;

namespace Gate.MSBuild.Tests;

/// <summary>
/// What the package's targets promise to a host these tests cannot run (Visual Studio's .NET Framework
/// MSBuild, whose runtime type no property can set): checked on the file itself. Everything a .NET
/// SDK build does with the targets (skipped in design-time builds and with GateEnabled=false,
/// incrementality bound to content, not timestamps) is tested by real builds in EndToEnd.
/// </summary>
public sealed class TargetsFileTests
{
    private static readonly XDocument Targets = XDocument.Load(
        Path.Combine(TestRepositories.RepositoryRoot, "src", "Gate.MSBuild", "build", "Gate.MSBuild.targets"));

    [Fact]
    public void Full_framework_MSBuild_runs_the_net_task_in_a_task_host()
    {
        var usingTasks = Targets.Root!.Elements("UsingTask").ToList();
        Assert.Equal(2, usingTasks.Count);
        Assert.All(usingTasks, u => Assert.Equal("Gate.MSBuild.CheckLineage", (string?)u.Attribute("TaskName")));

        XElement full = Assert.Single(usingTasks, u => ((string?)u.Attribute("Condition"))!.Contains("== 'Full'", StringComparison.Ordinal));
        Assert.Equal("NET", (string?)full.Attribute("Runtime"));
        Assert.Equal("TaskHostFactory", (string?)full.Attribute("TaskFactory"));
        Assert.Contains("_GateMSBuildSupported", (string?)full.Attribute("Condition"), StringComparison.Ordinal);

        XElement core = Assert.Single(usingTasks, u => u != full);
        Assert.Null(core.Attribute("TaskFactory"));
    }
}
