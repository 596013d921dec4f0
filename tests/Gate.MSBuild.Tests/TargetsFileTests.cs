using System.Xml.Linq;

namespace Gate.MSBuild.Tests;

/// <summary>
/// What the package's targets promise to hosts these tests cannot run (Visual Studio's .NET Framework
/// MSBuild): checked on the file itself.
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

    /// <summary>
    /// Incrementality is the task's (a digest of content), never MSBuild's Inputs/Outputs, which compare
    /// timestamps and would skip the gate for a dataset changed under an old modification time.
    /// </summary>
    [Fact]
    public void The_gate_target_is_skipped_in_design_time_builds_and_has_no_timestamp_incrementality()
    {
        XElement target = Assert.Single(Targets.Root!.Elements("Target"), t => (string?)t.Attribute("Name") == "GateCheck");
        Assert.Contains("'$(DesignTimeBuild)' != 'true'", (string?)target.Attribute("Condition"), StringComparison.Ordinal);
        Assert.Contains("'$(GateEnabled)' == 'true'", (string?)target.Attribute("Condition"), StringComparison.Ordinal);
        Assert.Null(target.Attribute("Inputs"));
        Assert.Null(target.Attribute("Outputs"));
        XElement task = Assert.Single(target.Elements("CheckLineage"));
        Assert.Equal("$(_GateStampDirectory)", (string?)task.Attribute("StampDirectory"));
    }
}
