using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>NDB of a sample: how many bins differ, and per bin the sample share and the z statistic.</summary>
internal sealed record NdbResult(int DifferentBins, int TotalBins, double[] SampleProportions, double[] Z);

/// <summary>
/// Number of statistically Different Bins (Richardson &amp; Weiss 2018): sample rows are assigned to the nearest bin
/// centre (k-means on the reference), and each bin's sample share is compared with its reference share by a
/// two-sided two-proportion z-test with pooled proportion at level α.
/// </summary>
internal static class Ndb
{
    public static NdbResult Compute(Tensor binCentres, double[] referenceProportions, long referenceCount, Tensor sample, double alpha = 0.05)
    {
        int bins = referenceProportions.Length;
        long m = sample.shape[0];
        var counts = new double[bins];
        using (var scope = NewDisposeScope())
        {
            foreach (var b in KMeans.Assign(sample, binCentres).data<long>())
                counts[b]++;
        }
        var proportions = counts.Select(c => c / m).ToArray();
        var z = new double[bins];
        int different = 0;
        for (int b = 0; b < bins; b++)
        {
            double p1 = referenceProportions[b], p2 = proportions[b];
            double pooled = (p1 * referenceCount + counts[b]) / (referenceCount + m);
            double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / referenceCount + 1.0 / m));
            z[b] = se > 0 ? (p2 - p1) / se : (p2 == p1 ? 0 : double.PositiveInfinity);
            if (TwoSidedPValue(z[b]) < alpha)
                different++;
        }
        return new NdbResult(different, bins, proportions, z);
    }

    /// <summary>P(|Z| ≥ |z|) for a standard normal Z: erfc(|z| / √2).</summary>
    public static double TwoSidedPValue(double z) => double.IsInfinity(z) ? 0 : Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>Complementary error function (Chebyshev fit with fractional error below 1.2e-7, Numerical Recipes' erfcc).</summary>
    private static double Erfc(double x)
    {
        double t = 1.0 / (1.0 + 0.5 * Math.Abs(x));
        double y = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                   t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : 2 - y;
    }
}
