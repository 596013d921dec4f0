using System.Numerics.Tensors;

namespace Gate.Core.Scanning;

/// <summary>
/// The divergence screen: is a dataset's token distribution different from its reference's (the
/// same prompts answered by the students' base) beyond chance? Per bin, a two-proportion z-test
/// with pooled variance; the largest |z| of a family is compared with a Bonferroni threshold, so
/// the nominal false-positive rate of the whole screen is at most <see cref="Alpha"/>
/// (two families — numeric tokens; word tokens and token pairs — each at α/2). Counts are integers;
/// the floating-point arithmetic happens only here, at the edge, and never enters a fingerprint.
/// A difference is a precondition of trait transfer, not evidence of it; no difference proves
/// nothing (the signal can be sequence-level: Cloud et al. 2026).
/// </summary>
internal static class DivergenceTest
{
    /// <summary>The nominal false-positive rate of the screen (per dataset/reference pair).</summary>
    public const double Alpha = 0.01;

    /// <summary>Bins with fewer tokens than this on both sides together are not tested (the normal approximation fails there).</summary>
    public const long MinBinCount = 5;

    public static DivergenceResult Compare(ContentFeatures data, ContentFeatures reference)
    {
        Family numeric = Test(data.Numeric, reference.Numeric, Alpha / 2);
        long[] dataWords = [.. data.Tokens, .. data.Bigrams];
        long[] referenceWords = [.. reference.Tokens, .. reference.Bigrams];
        Family words = Test(dataWords, referenceWords, Alpha / 2);
        var over = new List<OverRepresented>();
        if (numeric.Z.Length > 0)
        {
            foreach (int bin in Enumerable.Range(0, numeric.Z.Length).Where(i => numeric.Z[i] > 0).OrderByDescending(i => numeric.Z[i]).ThenBy(i => i).Take(5))
            {
                over.Add(new OverRepresented(ContentFeatures.NumericToken(bin), data.Numeric[bin], reference.Numeric[bin], numeric.Z[bin]));
            }
        }

        return new DivergenceResult(
            numeric.MaxAbsZ, numeric.Threshold, numeric.MaxAbsZ > numeric.Threshold,
            words.MaxAbsZ, words.Threshold, words.MaxAbsZ > words.Threshold,
            over);
    }

    private sealed record Family(double[] Z, double MaxAbsZ, double Threshold);

    private static Family Test(long[] a, long[] b, double alpha)
    {
        double totalA = a.Sum(), totalB = b.Sum();
        if (totalA == 0 || totalB == 0)
        {
            return new Family([], 0, double.PositiveInfinity);
        }

        int n = a.Length;
        double[] x = Array.ConvertAll(a, v => (double)v);
        double[] y = Array.ConvertAll(b, v => (double)v);
        var pa = new double[n];
        var pb = new double[n];
        var pooled = new double[n];
        var diff = new double[n];
        var variance = new double[n];
        TensorPrimitives.Divide(x, totalA, pa);
        TensorPrimitives.Divide(y, totalB, pb);
        TensorPrimitives.Add(x, y, pooled);
        TensorPrimitives.Divide(pooled, totalA + totalB, pooled);
        TensorPrimitives.Subtract(pa, pb, diff);
        // p (1 - p) (1/A + 1/B)
        TensorPrimitives.Subtract(1.0, pooled, variance);
        TensorPrimitives.Multiply(variance, pooled, variance);
        TensorPrimitives.Multiply(variance, (1 / totalA) + (1 / totalB), variance);
        TensorPrimitives.Sqrt(variance, variance);
        var z = new double[n];
        int tested = 0;
        double max = 0;
        for (int i = 0; i < n; i++)
        {
            if (a[i] + b[i] < MinBinCount || variance[i] == 0)
            {
                continue;
            }

            tested++;
            z[i] = diff[i] / variance[i];
            max = Math.Max(max, Math.Abs(z[i]));
        }

        double threshold = tested == 0 ? double.PositiveInfinity : NormalQuantile(1 - (alpha / (2 * tested)));
        return new Family(z, max, threshold);
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
