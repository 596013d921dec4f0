namespace Gate.Core.Reports;

// The enum and the names reports write for it.

public enum Verdict
{
    Pass,
    Fail,
}

public static class VerdictNames
{
    /// <summary><c>pass</c> or <c>fail</c>, as reports and outputs write the verdict.</summary>
    public static string ToName(this Verdict verdict) => verdict == Verdict.Pass ? "pass" : "fail";
}
