using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>Precision, recall, density and coverage on hand-worked sets and on the textbook failure cases.</summary>
[TestClass]
public sealed class ManifoldMetricsTests
{
    // Real points on the x-axis at 0, 2, 6. Nearest-other (k = 1) radii: 2, 2, 4, i.e. balls covering
    // [-2, 2], [0, 4] and [2, 10] along the axis.
    // Fakes:
    //   (1, 0)   inside balls 0 and 1 (distance 1 to both)                                   -> 2 balls
    //   (11, 0)  distance 5 to (6, 0) > 4                                                    -> 0 balls
    //   (3, 3)   distances √18 ≈ 4.24 > 2, √10 ≈ 3.16 > 2, √18 ≈ 4.24 > 4                    -> 0 balls
    //   (-2, 0)  distance 2 to (0, 0) = radius 2 (inclusive); 4 > 2 to (2, 0); 8 > 4 to (6, 0) -> 1 ball
    private static Tensor Real() => Rows(new float[] { 0, 0 }, new float[] { 2, 0 }, new float[] { 6, 0 });

    private static Tensor Fake() => Rows(new float[] { 1, 0 }, new float[] { 11, 0 }, new float[] { 3, 3 }, new float[] { -2, 0 });

    [TestMethod]
    public void Radii_AreTheKthNeighbourDistances()
    {
        using var real = Real();
        using var radii = NearestNeighbors.KthNeighborDistances(real, 1);
        AreEqual(new double[] { 2, 2, 4 }, Floats(radii), 0);
    }

    [TestMethod]
    public void Precision_IsTheShareOfFakesInsideRealBalls()
    {
        using var real = Real();
        using var fake = Fake();
        using var radii = NearestNeighbors.KthNeighborDistances(real, 1);
        using var inside = ManifoldMetrics.InsideBalls(fake, real, radii);
        CollectionAssert.AreEqual(new[] { true, false, false, true }, Bools(inside));
        Assert.AreEqual(0.5, ManifoldMetrics.Precision(real, radii, fake), 1e-12); // 2 of 4
    }

    [TestMethod]
    public void Density_CountsBallsPerFake()
    {
        using var real = Real();
        using var fake = Fake();
        using var radii = NearestNeighbors.KthNeighborDistances(real, 1);
        using var counts = ManifoldMetrics.BallCounts(fake, real, radii);
        CollectionAssert.AreEqual(new long[] { 2, 0, 0, 1 }, Longs(counts));
        // (2 + 0 + 0 + 1) / (k · M) = 3 / (1 · 4)
        Assert.AreEqual(0.75, ManifoldMetrics.Density(real, radii, fake, k: 1), 1e-12);
        // The same counts read with k = 3: 3 / (3 · 4)
        Assert.AreEqual(0.25, ManifoldMetrics.Density(real, radii, fake, k: 3), 1e-12);
    }

    [TestMethod]
    public void Coverage_IsTheShareOfRealBallsHoldingAFake()
    {
        using var real = Real();
        using var fake = Fake();
        using var radii = NearestNeighbors.KthNeighborDistances(real, 1);
        // Ball 0 holds (1,0) and (-2,0), ball 1 holds (1,0), ball 2 (centre 6, radius 4) holds none.
        using var covered = ManifoldMetrics.CoveredBalls(real, radii, fake);
        CollectionAssert.AreEqual(new[] { true, true, false }, Bools(covered));
        Assert.AreEqual(2.0 / 3, ManifoldMetrics.Coverage(real, radii, fake), 1e-12);
    }

    [TestMethod]
    public void Recall_IsTheShareOfRealsInsideFakeBalls()
    {
        using var real = Real();
        using var fake = Fake();
        // Fake balls of radius 1: (0,0) is 1 from (1,0) (inclusive), (2,0) is 1 from (1,0),
        // (6,0) is 5 from (11,0) and √18 from (3,3): 2 of 3 real points are covered.
        using var fakeRadii = ones(4);
        Assert.AreEqual(2.0 / 3, ManifoldMetrics.Recall(real, fake, fakeRadii), 1e-12);
        // With the fakes' own nearest-other radii (3, √73 ≈ 8.54, √13 ≈ 3.61, 3) all three are covered.
        using var ownRadii = NearestNeighbors.KthNeighborDistances(fake, 1);
        Assert.AreEqual(1.0, ManifoldMetrics.Recall(real, fake, ownRadii), 1e-12);
    }

    [TestMethod]
    public void ZeroRadius_HoldsOnlyItsCentre()
    {
        using var centres = Rows(new float[] { 0.1f, 0.2f }, new float[] { 5, 5 });
        using var radii = zeros(2);
        // A copy of a centre is inside its zero-radius ball; a point 1e-4 away is not (the rounding allowance
        // is about 1e-6 of the points' norms).
        using var queries = Rows(new float[] { 0.1f, 0.2f }, new float[] { 0.1f, 0.2001f }, new float[] { 5, 5 });
        using var inside = ManifoldMetrics.InsideBalls(queries, centres, radii);
        CollectionAssert.AreEqual(new[] { true, false, true }, Bools(inside));
    }

    [TestMethod]
    public void PerfectCopy_ScoresPerfectly()
    {
        using var real = Gaussian(400, 3, seed: 21);
        using var fake = real.clone();
        using var realRadii3 = NearestNeighbors.KthNeighborDistances(real, ManifoldMetrics.PrecisionRecallNeighbors);
        using var fakeRadii3 = NearestNeighbors.KthNeighborDistances(fake, ManifoldMetrics.PrecisionRecallNeighbors);
        using var realRadii5 = NearestNeighbors.KthNeighborDistances(real, ManifoldMetrics.DensityCoverageNeighbors);
        Assert.AreEqual(1.0, ManifoldMetrics.Precision(real, realRadii3, fake));
        Assert.AreEqual(1.0, ManifoldMetrics.Recall(real, fake, fakeRadii3));
        Assert.AreEqual(1.0, ManifoldMetrics.Coverage(real, realRadii5, fake));
        // Each ball holds its centre and exactly its 5 nearest neighbours (inclusive boundary, no ties in
        // continuous data): density = N · (k + 1) / (k · N) = 6 / 5.
        Assert.AreEqual(1.2, ManifoldMetrics.Density(real, realRadii5, fake, ManifoldMetrics.DensityCoverageNeighbors), 1e-12);
        Assert.AreEqual(0.0, FrechetDistance.Between(real, fake), 1e-9);
    }

    [TestMethod]
    public void TotalCollapse_HasNoRecallAndTinyCoverage()
    {
        using var real = Gaussian(400, 2, seed: 22);
        using var fake = real[17].unsqueeze(0).repeat(400, 1); // one real point, 400 times
        using var realRadii3 = NearestNeighbors.KthNeighborDistances(real, 3);
        using var fakeRadii3 = NearestNeighbors.KthNeighborDistances(fake, 3); // all 0
        using var realRadii5 = NearestNeighbors.KthNeighborDistances(real, 5);
        Assert.AreEqual(1.0, ManifoldMetrics.Precision(real, realRadii3, fake), "the repeated point is a real point");
        // Balls of radius 0 around the copies hold only the real point itself: 1 / 400.
        Assert.AreEqual(1.0 / 400, ManifoldMetrics.Recall(real, fake, fakeRadii3), 1e-12);
        double coverage = ManifoldMetrics.Coverage(real, realRadii5, fake);
        Assert.IsTrue(coverage > 0 && coverage < 0.05, $"coverage {coverage}");
        Assert.AreEqual(1.0, Duplicates.Rate(fake, radius: 0));
        Assert.IsTrue(FrechetDistance.Between(real, fake) > 1, "a point mass is far from a unit Gaussian");
    }

    [TestMethod]
    public void FarOffTheManifold_HasNoPrecision()
    {
        using var real = Gaussian(300, 2, seed: 23);
        using var fake = Gaussian(300, 2, seed: 24) + 50;
        using var realRadii = NearestNeighbors.KthNeighborDistances(real, 3);
        using var fakeRadii = NearestNeighbors.KthNeighborDistances(fake, 3);
        using var realRadii5 = NearestNeighbors.KthNeighborDistances(real, 5);
        Assert.AreEqual(0.0, ManifoldMetrics.Precision(real, realRadii, fake));
        Assert.AreEqual(0.0, ManifoldMetrics.Recall(real, fake, fakeRadii));
        Assert.AreEqual(0.0, ManifoldMetrics.Density(real, realRadii5, fake, 5));
        Assert.AreEqual(0.0, ManifoldMetrics.Coverage(real, realRadii5, fake));
    }

    [TestMethod]
    public void SameDistribution_ScoresNearOne()
    {
        // Two independent samples of one distribution: precision, recall and coverage high, density near 1.
        using var real = Gaussian(1000, 2, seed: 25);
        using var fake = Gaussian(1000, 2, seed: 26);
        using var realRadii3 = NearestNeighbors.KthNeighborDistances(real, 3);
        using var fakeRadii3 = NearestNeighbors.KthNeighborDistances(fake, 3);
        using var realRadii5 = NearestNeighbors.KthNeighborDistances(real, 5);
        Assert.IsTrue(ManifoldMetrics.Precision(real, realRadii3, fake) > 0.85);
        Assert.IsTrue(ManifoldMetrics.Recall(real, fake, fakeRadii3) > 0.85);
        Assert.IsTrue(ManifoldMetrics.Coverage(real, realRadii5, fake) > 0.9);
        double density = ManifoldMetrics.Density(real, realRadii5, fake, 5);
        Assert.IsTrue(density > 0.85 && density < 1.15, $"density {density}");
    }

    [TestMethod]
    public void Blocks_DoNotChangeTheResults()
    {
        using var real = Gaussian(211, 3, seed: 27);
        using var fake = Gaussian(173, 3, seed: 28);
        using var radii = NearestNeighbors.KthNeighborDistances(real, 3);
        using var inside1 = ManifoldMetrics.InsideBalls(fake, real, radii, blockRows: 10_000);
        using var inside2 = ManifoldMetrics.InsideBalls(fake, real, radii, blockRows: 5);
        CollectionAssert.AreEqual(Bools(inside1), Bools(inside2));
        using var counts1 = ManifoldMetrics.BallCounts(fake, real, radii, blockRows: 10_000);
        using var counts2 = ManifoldMetrics.BallCounts(fake, real, radii, blockRows: 1);
        CollectionAssert.AreEqual(Longs(counts1), Longs(counts2));
        using var covered1 = ManifoldMetrics.CoveredBalls(real, radii, fake, blockRows: 10_000);
        using var covered2 = ManifoldMetrics.CoveredBalls(real, radii, fake, blockRows: 4);
        CollectionAssert.AreEqual(Bools(covered1), Bools(covered2));
    }

    [TestMethod]
    public void BadArguments_FailClearly()
    {
        using var real = Real();
        using var fake = Fake();
        using var shortRadii = ones(2);
        var ex = Assert.Throws<ArgumentException>(() => ManifoldMetrics.Precision(real, shortRadii, fake));
        StringAssert.Contains(ex.Message, "realRadii");
        using var negative = tensor(new float[] { 1, -1, 1 });
        ex = Assert.Throws<ArgumentException>(() => ManifoldMetrics.Coverage(real, negative, fake));
        StringAssert.Contains(ex.Message, "negative");
        using var radii = ones(3);
        using var noFakes = zeros(0, 2);
        ex = Assert.Throws<ArgumentException>(() => ManifoldMetrics.Precision(real, radii, noFakes));
        StringAssert.Contains(ex.Message, "fake");
        Assert.Throws<ArgumentOutOfRangeException>(() => ManifoldMetrics.Density(real, radii, fake, k: 0));
    }
}
