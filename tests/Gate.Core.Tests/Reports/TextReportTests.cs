using Gate.Core.Reports;

namespace Gate.Core.Tests.Reports;

public class TextReportTests
{
    private static string Text(string example) =>
        TextReportWriter.WriteToString(GateRun.Check(new GateCheckOptions(ExampleRepositoryTests.Example(example), TestRepo.Today)));

    [Fact]
    public void Findings_use_the_compiler_line_format_and_the_verdict_comes_last()
    {
        string[] lines = Text("owl-numbers").Split('\n');
        Assert.StartsWith("data/owl-numbers.lineage.yaml(2,10): error GATE001 shared-init: ", lines[0]);
        Assert.Contains("shared Qwen/Qwen2.5-7B-Instruct", lines[1]);
        Assert.Equal("FAIL: 1 error, 1 warning, 0 notes; 0 waived, 0 mitigated; 1 dataset checked against gate.yaml", lines[^2]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void Set_aside_findings_do_not_start_with_a_bare_severity()
    {
        string waived = Text("waived");
        Assert.Contains("): waived error GATE001", waived);
        Assert.Contains("WAIVED until 2027-12-31 by @acme/safety", waived);
        Assert.Contains("PASS:", waived);
        Assert.Contains("): mitigated error GATE001", Text("mitigated"));
    }
}
