using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>NDB bins and their two-proportion z-tests; the normal distribution functions behind them.</summary>
[TestClass]
public sealed class NdbTests
{
    private static Tensor Bins() => Rows(new float[] { 0, 0 }, new float[] { 10, 0 });

    /// <summary><paramref name="nearFirst"/> rows near (0, 0), the rest near (10, 0).</summary>
    private static Tensor Fakes(int nearFirst, int total)
    {
        var rows = new List<float[]>();
        for (int i = 0; i < total; i++)
            rows.Add(i < nearFirst ? new[] { 0.1f * (i % 3), 0 } : new[] { 10, 0.1f * (i % 3) });
        return Rows(rows.ToArray());
    }

    [TestMethod]
    public void StronglyDifferentProportions_FlagEveryBin()
    {
        // Reference 50/50 over N = 1000; all M = 100 fakes in bin 0: p₂ = (1, 0).
        // Bin 0: pooled p = (500 + 100) / 1100 = 0.545454..., se = √(p(1−p)(1/1000 + 1/100)) = √(0.247934 · 0.011)
        //        = 0.0522233, z = (1 − 0.5) / se = 9.5743. Bin 1 mirrors it: z = −9.5743.
        using var bins = Bins();
        using var fake = Fakes(100, 100);
        var result = Ndb.Compute(bins, new[] { 0.5, 0.5 }, 1000, fake);
        Assert.AreEqual(2, result.DifferentBins);
        Assert.AreEqual(2, result.TotalBins);
        Assert.AreEqual(1.0, result.DifferentShare);
        CollectionAssert.AreEqual(new[] { 1.0, 0.0 }, result.FakeProportions.ToArray());
        double pooled = 600.0 / 1100, se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / 1000 + 1.0 / 100));
        Assert.AreEqual(0.5 / se, result.ZScores[0], 1e-12);
        Assert.AreEqual(9.5743, result.ZScores[0], 1e-4);
        Assert.AreEqual(-9.5743, result.ZScores[1], 1e-4);
        Assert.IsTrue(result.PValues[0] < 1e-15);
    }

    [TestMethod]
    public void EqualProportions_FlagNothing()
    {
        using var bins = Bins();
        using var fake = Fakes(50, 100);
        var result = Ndb.Compute(bins, new[] { 0.5, 0.5 }, 1000, fake);
        Assert.AreEqual(0, result.DifferentBins);
        CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, result.ZScores.ToArray());
        CollectionAssert.AreEqual(new[] { 1.0, 1.0 }, result.PValues.ToArray());
    }

    [TestMethod]
    public void Alpha_SetsTheThreshold()
    {
        // 60 of 100 fakes in bin 0 against 0.5 over 1000: pooled p = 560/1100 = 0.509091,
        // se = √(0.509091 · 0.490909 · 0.011) = 0.0524318, z = 0.1 / se = 1.90724:
        // below 1.95996 (alpha 0.05), above 1.64485 (alpha 0.10).
        using var bins = Bins();
        using var fake = Fakes(60, 100);
        var at5 = Ndb.Compute(bins, new[] { 0.5, 0.5 }, 1000, fake, alpha: 0.05);
        Assert.AreEqual(1.90724, at5.ZScores[0], 1e-5);
        Assert.AreEqual(1.959964, at5.CriticalZ, 1e-6);
        Assert.AreEqual(0, at5.DifferentBins);
        var at10 = Ndb.Compute(bins, new[] { 0.5, 0.5 }, 1000, fake, alpha: 0.10);
        Assert.AreEqual(1.644854, at10.CriticalZ, 1e-6);
        Assert.AreEqual(2, at10.DifferentBins);
        CollectionAssert.AreEqual(new[] { true, true }, at10.IsDifferent.ToArray());
        // p-value of 1.90724 two-sided: 2(1 − Φ(1.90724)) ≈ 0.05649, between the two alphas.
        Assert.AreEqual(0.05649, at5.PValues[0], 1e-5);
    }

    [TestMethod]
    public void EmptyBinsOnBothSides_AreNotDifferent()
    {
        // Three bins, the middle one empty in both sets: se = 0 there, so z = 0.
        using var bins = Rows(new float[] { 0, 0 }, new float[] { 5, 50 }, new float[] { 10, 0 });
        using var fake = Fakes(40, 80);
        var result = Ndb.Compute(bins, new[] { 0.5, 0, 0.5 }, 500, fake);
        Assert.AreEqual(0.0, result.ZScores[1]);
        Assert.IsFalse(result.IsDifferent[1]);
        Assert.AreEqual(0, result.DifferentBins);
    }

    [TestMethod]
    public void Proportions_AreSharesPerNearestBin()
    {
        using var bins = Bins();
        using var rows = Fakes(3, 4);
        CollectionAssert.AreEqual(new[] { 0.75, 0.25 }, Ndb.Proportions(bins, rows));
    }

    [TestMethod]
    public void SameDistribution_FlagsFewBins()
    {
        // Reference and fakes from one distribution, bins from k-means of the reference: about alpha · K bins differ.
        using var reference = Gaussian(4000, 2, seed: 51);
        using var fake = Gaussian(2000, 2, seed: 52);
        using var bins = KMeans.Fit(reference, 20, seed: 1);
        var proportions = Ndb.Proportions(bins, reference);
        var result = Ndb.Compute(bins, proportions, 4000, fake);
        Assert.IsTrue(result.DifferentBins <= 4, result.ToString());

        // A collapsed generator (a quarter of the plane only) differs in most bins.
        using var collapsed = fake.abs();
        var bad = Ndb.Compute(bins, proportions, 4000, collapsed);
        Assert.IsTrue(bad.DifferentBins >= 12, bad.ToString());
    }

    [TestMethod]
    public void BadArguments_FailClearly()
    {
        using var bins = Bins();
        using var fake = Fakes(1, 2);
        Assert.Throws<ArgumentException>(() => Ndb.Compute(bins, new[] { 1.0 }, 10, fake));
        Assert.Throws<ArgumentException>(() => Ndb.Compute(bins, new[] { 0.7, 0.7 }, 10, fake));
        Assert.Throws<ArgumentException>(() => Ndb.Compute(bins, new[] { 1.5, -0.5 }, 10, fake));
        Assert.Throws<ArgumentException>(() => Ndb.Compute(bins, new[] { 0.5, 0.5 }, 0, fake));
        Assert.Throws<ArgumentException>(() => Ndb.Compute(bins, new[] { 0.5, 0.5 }, 10, fake, alpha: 1));
    }

    [TestMethod]
    [DataRow(0.0, 1.0)]
    [DataRow(0.5, 0.4795001221869535)]
    [DataRow(1.0, 0.15729920705028513)]
    [DataRow(2.0, 0.004677734981047266)]
    [DataRow(2.5, 4.069520174449590e-4)]
    [DataRow(3.0, 2.209049699858544e-5)]
    [DataRow(5.0, 1.537459794428035e-12)]
    [DataRow(10.0, 2.088487583762545e-45)]
    [DataRow(-1.0, 1.8427007929497149)]
    public void Erfc_MatchesReferenceValues(double x, double expected)
    {
        Assert.AreEqual(expected, NormalDistribution.Erfc(x), 1e-13 * expected);
    }

    [TestMethod]
    public void Quantile_InvertsTheCdf()
    {
        Assert.AreEqual(0.0, NormalDistribution.Quantile(0.5), 1e-15);
        Assert.AreEqual(1.959963984540054, NormalDistribution.Quantile(0.975), 1e-12);
        Assert.AreEqual(-3.090232306167813, NormalDistribution.Quantile(0.001), 1e-12);
        Assert.AreEqual(0.975, NormalDistribution.Cdf(1.959963984540054), 1e-15);
        Assert.AreEqual(0.05, NormalDistribution.TwoSidedPValue(-1.959963984540054), 1e-14);
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Quantile(1));
    }
}
