using System.Globalization;

namespace Gate.Core.Rules;

/// <summary>Formatting shared by the rules' explanations and messages.</summary>
internal static class RuleText
{
    /// <summary>A fraction as a percentage with at most one decimal, culture-invariant: 0.05 → "5%", 0.123 → "12.3%".</summary>
    public static string Percent(double value) => (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
