namespace Gate.MSBuild.Tests;

public sealed class WarningPolicyTests
{
    [Theory]
    [InlineData(false, "", "", "", "Warning")]
    [InlineData(true, "", "", "", "Error")]
    [InlineData(true, "", "GATE003", "", "Warning")]
    [InlineData(false, "GATE001; GATE003", "", "", "Error")]
    [InlineData(false, "gate003", "", "", "Error")]
    [InlineData(false, "", "", "CS1591,GATE003", "Suppressed")]
    [InlineData(true, "GATE003", "", "GATE003", "Suppressed")]
    [InlineData(false, "GATE0031", "", "GATE00", "Warning")]
    public void NoWarn_wins_then_WarningsAsErrors_then_TreatWarningsAsErrors(bool all, string asErrors, string notAsErrors, string noWarn, string expected) =>
        Assert.Equal(Enum.Parse<WarningDisposition>(expected), new WarningPolicy(all, asErrors, notAsErrors, noWarn).Classify("GATE003"));
}
