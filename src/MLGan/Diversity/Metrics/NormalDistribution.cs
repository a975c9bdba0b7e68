namespace MLGan.Diversity;

/// <summary>
/// The standard normal distribution for the z-tests of <see cref="Ndb"/>: the complementary error function,
/// the distribution function, two-sided p-values and the quantile (inverse distribution function).
/// Accurate to about 1e-14 relative for erfc over the whole range used (see <see cref="Erfc"/>).
/// </summary>
internal static class NormalDistribution
{
    private const double TwoOverSqrtPi = 1.1283791670955126;   // 2 / √π
    private const double OneOverSqrtPi = 0.5641895835477563;   // 1 / √π
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>
    /// erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^(−t²) dt. For 0 ≤ x &lt; 2.5 it uses the series
    /// erf(x) = (2/√π) e^(−x²) Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (all terms positive, so no cancellation;
    /// Abramowitz &amp; Stegun 7.1.6); for x ≥ 2.5 the continued fraction
    /// erfc(x) = (e^(−x²)/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))) (A&amp;S 7.1.14), evaluated
    /// from the tail with a fixed depth; for x &lt; 0, erfc(x) = 2 − erfc(−x).
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        if (x < 0)
            return 2 - Erfc(-x);
        if (x < 2.5)
            return 1 - ErfSeries(x);
        if (x > 27)
            return 0; // e^(−x²) underflows
        // Backward evaluation of the continued fraction: the partial numerators are k/2 for k = 1, 2, 3, ...
        double tail = x;
        for (int k = 120; k >= 1; k--)
            tail = x + k / 2.0 / tail;
        return Math.Exp(-x * x) * OneOverSqrtPi / tail;
    }

    /// <summary>Φ(z) = P(Z ≤ z) = erfc(−z/√2) / 2.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Sqrt2);

    /// <summary>Two-sided p-value of a z statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).</summary>
    public static double TwoSidedPValue(double z) => Erfc(Math.Abs(z) / Sqrt2);

    /// <summary>
    /// Φ⁻¹(p): the z with Φ(z) = p, for 0 &lt; p &lt; 1, found by bisection of <see cref="Cdf"/> on [−38, 38]
    /// to full double precision (Φ is monotone, so this is exact up to Φ's own accuracy). E.g. Φ⁻¹(0.975) ≈ 1.959964.
    /// </summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"A normal quantile needs 0 < p < 1 (got {p}).");
        double low = -38, high = 38;
        for (int i = 0; i < 200 && high - low > 0; i++)
        {
            double mid = 0.5 * (low + high);
            if (mid <= low || mid >= high)
                break;
            if (Cdf(mid) < p)
                low = mid;
            else
                high = mid;
        }
        return 0.5 * (low + high);
    }

    /// <summary>erf(x) for 0 ≤ x &lt; 2.5 by the positive-term series (converges in under 60 terms there).</summary>
    private static double ErfSeries(double x)
    {
        double x2 = x * x;
        double term = x, sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum)
                break;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }
}
