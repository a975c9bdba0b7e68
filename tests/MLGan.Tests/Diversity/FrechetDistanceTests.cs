using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;

namespace MLGan.Tests.Diversity;

/// <summary>Feature statistics and the Fréchet distance against Gaussian closed forms; the statistics' binary form.</summary>
[TestClass]
public sealed class FrechetDistanceTests
{
    private static FeatureStatistics Stats(double[] mean, double[] covariance) => new(mean, covariance, count: 100);

    [TestMethod]
    public void Of_IsTheMeanAndUnbiasedCovariance()
    {
        // Corners of a 2 × 2 square: mean (1, 1); deviations (±1, ±1), so
        // var = (1 + 1 + 1 + 1) / (4 − 1) = 4/3 per axis; cov(x, y) = (1 − 1 − 1 + 1) / 3 = 0.
        using var rows = Rows(new float[] { 0, 0 }, new float[] { 2, 0 }, new float[] { 0, 2 }, new float[] { 2, 2 });
        var stats = FeatureStatistics.Of(rows);
        CollectionAssert.AreEqual(new double[] { 1, 1 }, stats.Mean);
        Assert.AreEqual(4.0 / 3, stats.CovarianceAt(0, 0), 1e-12);
        Assert.AreEqual(4.0 / 3, stats.CovarianceAt(1, 1), 1e-12);
        Assert.AreEqual(0.0, stats.CovarianceAt(0, 1), 1e-12);
        Assert.AreEqual(4L, stats.Count);

        // 1-D: 1, 2, 6 -> mean 3, deviations -2, -1, 3 -> var = (4 + 1 + 9) / 2 = 7.
        using var line = Line(1, 2, 6);
        var lineStats = FeatureStatistics.Of(line);
        Assert.AreEqual(3.0, lineStats.Mean[0], 1e-12);
        Assert.AreEqual(7.0, lineStats.Covariance[0], 1e-12);
    }

    [TestMethod]
    public void Of_IsIndependentOfBlocking()
    {
        // 3,000 rows × 700 features spans several automatic row blocks (2²¹ / 700 ≈ 2,995 rows per block).
        using var rows = Gaussian(3_000, 700, seed: 31);
        var stats = FeatureStatistics.Of(rows);
        using var head = rows.narrow(1, 0, 3).contiguous();
        var small = FeatureStatistics.Of(head); // one block
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual(small.Mean[i], stats.Mean[i], 1e-12);
            for (int j = 0; j < 3; j++)
                Assert.AreEqual(small.CovarianceAt(i, j), stats.CovarianceAt(i, j), 1e-12);
        }
    }

    [TestMethod]
    public void IdenticalStatistics_AreAtDistanceZero()
    {
        var a = Stats(new double[] { 1, -2 }, new double[] { 2, 0.5, 0.5, 1 });
        Assert.AreEqual(0.0, FrechetDistance.Between(a, a), 1e-12);
    }

    [TestMethod]
    public void ShiftedMeans_AddTheSquaredShift()
    {
        // Same covariance, means (0, 0) and (3, 4): ‖Δμ‖² = 9 + 16 = 25.
        var cov = new double[] { 2, 0.5, 0.5, 1 };
        Assert.AreEqual(25.0, FrechetDistance.Between(Stats(new double[] { 0, 0 }, cov), Stats(new double[] { 3, 4 }, cov)), 1e-9);
    }

    [TestMethod]
    public void DiagonalCovariances_GiveTheSumOfSquaredStdDifferences()
    {
        // σa = (1, 2), σb = (3, 1): Σ(σa − σb)² = 4 + 1 = 5; plus a mean shift of 1 in x: 6.
        var a = Stats(new double[] { 0, 0 }, new double[] { 1, 0, 0, 4 });
        var b = Stats(new double[] { 1, 0 }, new double[] { 9, 0, 0, 1 });
        Assert.AreEqual(6.0, FrechetDistance.Between(a, b), 1e-9);
        // 1-D: N(0, 1) and N(1, 4): (0 − 1)² + (1 − 2)² = 2.
        Assert.AreEqual(2.0, FrechetDistance.Between(Stats(new double[] { 0 }, new double[] { 1 }), Stats(new double[] { 1 }, new double[] { 4 })), 1e-9);
    }

    [TestMethod]
    public void CorrelatedCovariance_AgainstTheIdentity()
    {
        // Σa = I, Σb = [[2, 1], [1, 2]] (eigenvalues 3 and 1): Tr(I + Σb − 2 Σb^½) = Σ (1 − √λ)² = (1 − √3)².
        var a = Stats(new double[] { 0, 0 }, new double[] { 1, 0, 0, 1 });
        var b = Stats(new double[] { 0, 0 }, new double[] { 2, 1, 1, 2 });
        double expected = (1 - Math.Sqrt(3)) * (1 - Math.Sqrt(3));
        Assert.AreEqual(expected, FrechetDistance.Between(a, b), 1e-9);
        Assert.AreEqual(expected, FrechetDistance.Between(b, a), 1e-9);
    }

    [TestMethod]
    public void SingularCovariances_AreHandled()
    {
        // A point mass (zero covariance) against N(0, I₂) shifted by (1, 0): 1 + Tr(I) = 3.
        var point = Stats(new double[] { 1, 0 }, new double[] { 0, 0, 0, 0 });
        var gaussian = Stats(new double[] { 0, 0 }, new double[] { 1, 0, 0, 1 });
        Assert.AreEqual(3.0, FrechetDistance.Between(point, gaussian), 1e-9);
        Assert.AreEqual(3.0, FrechetDistance.Between(gaussian, point), 1e-9);
    }

    [TestMethod]
    public void MismatchedDimensions_Fail()
    {
        var a = Stats(new double[] { 0 }, new double[] { 1 });
        var b = Stats(new double[] { 0, 0 }, new double[] { 1, 0, 0, 1 });
        var ex = Assert.Throws<ArgumentException>(() => FrechetDistance.Between(a, b));
        StringAssert.Contains(ex.Message, "same dimension");
        Assert.Throws<ArgumentException>(() => new FeatureStatistics(new double[] { 0, 0 }, new double[] { 1, 2, 3, 4 }, 10)); // asymmetric
        Assert.Throws<ArgumentException>(() => new FeatureStatistics(new double[] { 0 }, new double[] { -1 }, 10));             // negative variance
        Assert.Throws<ArgumentException>(() => new FeatureStatistics(new double[] { 0 }, new double[] { 1 }, 1));              // one sample
    }

    [TestMethod]
    public void Statistics_RoundTripThroughTheirBinaryForm()
    {
        using var rows = Gaussian(50, 4, seed: 32);
        var stats = FeatureStatistics.Of(rows);
        var bytes = Serialize(stats);
        Assert.AreEqual(4 + 4 + 8 + (4 + 16) * 8, bytes.Length);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var back = FeatureStatistics.Read(reader);
        Assert.AreEqual(stats, back);
        Assert.AreEqual(0.0, FrechetDistance.Between(stats, back), 1e-9);
    }

    [TestMethod]
    public void DamagedStatistics_FailWithInvalidData()
    {
        var good = Serialize(Stats(new double[] { 1, 2 }, new double[] { 1, 0, 0, 1 }));

        Assert.ThrowsExactly<InvalidDataException>(() => Read(Patch(good, 0, BitConverter.GetBytes(99))));         // version
        Assert.ThrowsExactly<InvalidDataException>(() => Read(Patch(good, 4, BitConverter.GetBytes(-3))));         // dimension
        Assert.ThrowsExactly<InvalidDataException>(() => Read(Patch(good, 4, BitConverter.GetBytes(1_000_000)))); // implausible dimension
        Assert.ThrowsExactly<InvalidDataException>(() => Read(Patch(good, 4, BitConverter.GetBytes(100))));       // more than the stream holds
        Assert.ThrowsExactly<InvalidDataException>(() => Read(Patch(good, 8, BitConverter.GetBytes(1L))));        // count
        Assert.ThrowsExactly<InvalidDataException>(() => Read(Patch(good, 16, BitConverter.GetBytes(double.NaN)))); // mean value
        Assert.ThrowsExactly<InvalidDataException>(() => Read(good[..^8]));                                        // truncated
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => Read(Patch(good, 32 + 8, BitConverter.GetBytes(0.5)))); // asymmetric
        StringAssert.Contains(ex.Message, "symmetric");
    }

    private static byte[] Serialize(FeatureStatistics stats)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            stats.Write(writer);
        return stream.ToArray();
    }

    private static FeatureStatistics Read(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return FeatureStatistics.Read(reader);
    }

    private static byte[] Patch(byte[] bytes, int offset, byte[] value)
    {
        var copy = (byte[])bytes.Clone();
        value.CopyTo(copy, offset);
        return copy;
    }
}
