using Gate.Core.Reports;
using Gate.Core.Rules;

namespace Gate.Core.Tests.Rules;

/// <summary>Assertions about the findings of a report, shared by the rules' tests.</summary>
internal static class FindingAssert
{
    /// <summary>The report's only finding, which must be of <paramref name="code"/>.</summary>
    public static Finding Only(GateReport report, string code)
    {
        Assert.True(report.Findings.Count == 1, string.Join("\n", report.Findings.Select(f => $"{f.Rule.Code} {f.Message}")));
        Finding finding = report.Findings[0];
        Assert.Equal(code, finding.Rule.Code);
        return finding;
    }
}
