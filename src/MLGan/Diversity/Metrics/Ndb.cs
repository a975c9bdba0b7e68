using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// NDB, the Number of statistically Different Bins (Richardson &amp; Weiss 2018, "On GANs and GMMs"): the
/// reference set is partitioned into K bins by k-means (<see cref="KMeans"/>; a row belongs to its nearest
/// centre), generated rows are assigned to the same bins, and each bin's two proportions are compared with a
/// two-proportion z-test. A generator that drops or over-produces modes leaves many bins different; samples
/// from the reference distribution leave about alpha · K.
/// </summary>
internal static class Ndb
{
    /// <summary>
    /// Tests every bin. With reference proportion p₁ over N rows and generated proportion p₂ over M rows, the
    /// pooled proportion is p = (p₁N + p₂M)/(N + M), the standard error se = √(p(1 − p)(1/N + 1/M)) and
    /// z = (p₂ − p₁)/se (z = 0 when se = 0, i.e. both proportions are 0 or both 1). A bin is different when
    /// |z| &gt; Φ⁻¹(1 − alpha/2): the two-sided test rejects equal proportions at level alpha
    /// (<see cref="NormalDistribution"/>).
    /// </summary>
    /// <param name="binCentres">Bin centres [K, d] (usually k-means centres of the reference set).</param>
    /// <param name="referenceProportions">Share of reference rows in each bin (<see cref="Proportions"/>); non-negative, summing to 1.</param>
    /// <param name="referenceCount">Reference rows N the proportions were measured on.</param>
    /// <param name="fake">Generated rows [M, d].</param>
    /// <param name="alpha">Significance level of each bin's test, in (0, 1).</param>
    public static NdbResult Compute(Tensor binCentres, IReadOnlyList<double> referenceProportions, long referenceCount, Tensor fake, double alpha = 0.05)
    {
        MetricInputs.Rows(binCentres, nameof(binCentres));
        MetricInputs.Rows(fake, nameof(fake));
        MetricInputs.SameFeatures(binCentres, nameof(binCentres), fake, nameof(fake));
        ArgumentNullException.ThrowIfNull(referenceProportions);
        int bins = checked((int)binCentres.shape[0]);
        if (referenceProportions.Count != bins)
            throw new ArgumentException(
                $"referenceProportions must have one value per bin ({bins}); it has {referenceProportions.Count}.", nameof(referenceProportions));
        double sum = 0;
        for (int i = 0; i < bins; i++)
        {
            double p = referenceProportions[i];
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"referenceProportions[{i}] = {p} is not a proportion in [0, 1].", nameof(referenceProportions));
            sum += p;
        }
        if (Math.Abs(sum - 1) > 1e-6)
            throw new ArgumentException($"referenceProportions must sum to 1; they sum to {sum}.", nameof(referenceProportions));
        if (referenceCount < 1)
            throw new ArgumentOutOfRangeException(nameof(referenceCount), referenceCount, $"referenceCount must be at least 1 (got {referenceCount}).");
        if (!(alpha > 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must be a significance level in (0, 1) (got {alpha}).");

        var fakeProportions = Proportions(binCentres, fake);
        long m = fake.shape[0];
        double criticalZ = NormalDistribution.Quantile(1 - alpha / 2);
        var z = new double[bins];
        var pValues = new double[bins];
        var different = new bool[bins];
        for (int i = 0; i < bins; i++)
        {
            double p1 = referenceProportions[i], p2 = fakeProportions[i];
            double pooled = (p1 * referenceCount + p2 * m) / (referenceCount + m);
            double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / referenceCount + 1.0 / m));
            z[i] = se > 0 ? (p2 - p1) / se : 0;
            pValues[i] = NormalDistribution.TwoSidedPValue(z[i]);
            different[i] = Math.Abs(z[i]) > criticalZ;
        }
        return new NdbResult
        {
            DifferentBins = different.Count(d => d),
            TotalBins = bins,
            Alpha = alpha,
            CriticalZ = criticalZ,
            ReferenceCount = referenceCount,
            FakeCount = m,
            ReferenceProportions = referenceProportions.ToArray(),
            FakeProportions = fakeProportions,
            ZScores = z,
            PValues = pValues,
            IsDifferent = different,
        };
    }

    /// <summary>Share of <paramref name="rows"/> whose nearest bin centre is each bin: double[K], summing to 1.</summary>
    public static double[] Proportions(Tensor binCentres, Tensor rows)
    {
        MetricInputs.Rows(binCentres, nameof(binCentres));
        MetricInputs.Rows(rows, nameof(rows));
        using var scope = NewDisposeScope();
        var bins = KMeans.Assign(rows, binCentres);
        var counts = bins.bincount(null, binCentres.shape[0]).to_type(ScalarType.Float64).DivInPlace(rows.shape[0]).cpu();
        return counts.data<double>().ToArray();
    }
}
