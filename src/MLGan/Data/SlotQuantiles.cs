using MathNet.Numerics.Distributions;

namespace MLGan.Data;

/// <summary>
/// The quantile (rank-Gauss) transform of one slot (<see cref="SlotTransform.Quantile"/>): x ↦ Φ⁻¹(F(x)), where F is
/// the training values' empirical distribution function, piecewise linear between <see cref="Knots"/> (K ≤
/// <see cref="MaxKnots"/> evenly spaced quantiles from the minimum to the maximum, knot k at probability (k + ½)/K),
/// and Φ the standard normal's. Any
/// continuous slot becomes standard normal, however skewed, heavy-tailed or multi-modal. The inverse maps generated
/// values back through the same knots, so they stay within the training values' range.
/// </summary>
internal sealed class SlotQuantiles
{
    /// <summary>Most knots kept per slot (and read from a model file).</summary>
    public const int MaxKnots = 1000;

    public SlotQuantiles(float[] knots)
    {
        if (knots.Length is < 2 or > MaxKnots)
            throw new ArgumentException("a quantile transform has 2 to 1,000 knots");
        Knots = knots;
    }

    /// <summary>Non-decreasing values, evenly spaced in rank: the first is the training minimum, the last the maximum.</summary>
    public float[] Knots { get; }

    public static SlotQuantiles Fit(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int count = Math.Min(sorted.Length, MaxKnots);
        var knots = new float[count];
        for (int k = 0; k < count; k++)
        {
            double position = (double)k / (count - 1) * (sorted.Length - 1);
            int low = (int)Math.Floor(position);
            int high = Math.Min(low + 1, sorted.Length - 1);
            knots[k] = (float)(sorted[low] + (position - low) * (sorted[high] - sorted[low]));
        }
        return new SlotQuantiles(knots);
    }

    /// <summary>Φ⁻¹ of the value's probability; a value tied with several knots gets the middle of their probabilities.</summary>
    public double Forward(double value) => Normal.InvCDF(0, 1, (Position(value) + 0.5) / Knots.Length);

    /// <summary>
    /// The value's rank in [0, 1] by the empirical distribution's usual (linear) definition, the minimum at 0 and the
    /// maximum at 1: the inverse of <see cref="ValueAt"/>.
    /// </summary>
    public double Rank(double value) => double.IsNaN(value) ? double.NaN : Position(value) / (Knots.Length - 1);

    /// <summary>
    /// The quantile at <paramref name="probability"/> (clamped to [0, 1]), interpolated linearly between knots, as
    /// numpy's and R's default quantile definition does it: the quantile a perfectly calibrated generator reproduces.
    /// </summary>
    public double ValueAt(double probability)
    {
        if (double.IsNaN(probability))
            return double.NaN;
        double position = Math.Clamp(probability, 0, 1) * (Knots.Length - 1);
        int low = Math.Min((int)Math.Floor(position), Knots.Length - 2);
        return Knots[low] + (position - low) * ((double)Knots[low + 1] - Knots[low]);
    }

    /// <summary>The value's position among the knots (0 to K − 1, fractional between knots; ties: the middle of their positions).</summary>
    private double Position(double value)
    {
        int last = Knots.Length - 1;
        double position;
        if (value <= Knots[0])
            position = value < Knots[0] ? 0 : Middle(0, UpperBound(value) - 1);
        else if (value >= Knots[last])
            position = value > Knots[last] ? last : Middle(LowerBound(value), last);
        else
        {
            int upper = LowerBound(value); // first knot >= value
            position = Knots[upper] == value
                ? Middle(upper, UpperBound(value) - 1)
                : upper - 1 + (value - Knots[upper - 1]) / (Knots[upper] - Knots[upper - 1]);
        }
        return position;
    }

    /// <summary>The value at probability Φ(<paramref name="score"/>), interpolated between knots.</summary>
    public double Inverse(double score)
    {
        double position = Normal.CDF(0, 1, score) * Knots.Length - 0.5;
        if (double.IsNaN(position))
            return double.NaN;
        position = Math.Clamp(position, 0, Knots.Length - 1);
        int low = Math.Clamp((int)Math.Floor(position), 0, Knots.Length - 1);
        int high = Math.Min(low + 1, Knots.Length - 1);
        return Knots[low] + (position - low) * ((double)Knots[high] - Knots[low]);
    }

    private static double Middle(int first, int last) => (first + last) / 2.0;

    private int LowerBound(double value)
    {
        int low = 0, high = Knots.Length;
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (Knots[mid] < value) low = mid + 1; else high = mid;
        }
        return low;
    }

    private int UpperBound(double value)
    {
        int low = 0, high = Knots.Length;
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (Knots[mid] <= value) low = mid + 1; else high = mid;
        }
        return low;
    }
}
