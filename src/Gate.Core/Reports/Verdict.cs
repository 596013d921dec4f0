namespace Gate.Core.Reports;

public enum Verdict
{
    Pass,
    Fail,
}
