using MLGan.Diversity;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>The fused passes give exactly what the separate kernels give.</summary>
[TestClass]
public sealed class JointManifoldPassTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(7)]
    public void EqualsTheSeparateKernels(int blockRows)
    {
        using var scope = NewDisposeScope();
        var real = MetricData.Gaussian(300, 3, seed: 1);
        var fake = MetricData.Gaussian(200, 3, seed: 2, scale: 1.3);
        var realK3 = NearestNeighbors.KthNeighborDistances(real, 3);
        var realK5 = NearestNeighbors.KthNeighborDistances(real, 5);
        var fakeK3 = NearestNeighbors.KthNeighborDistances(fake, 3);

        var joint = JointManifoldPass.Run(fake, real, realK3, realK5, fakeK3, blockRows);

        CollectionAssert.AreEqual(NearestNeighbors.Nearest(fake, real).Indices.data<long>().ToArray(), joint.NearestReference);
        CollectionAssert.AreEqual(ManifoldMetrics.InsideBalls(fake, real, realK3).data<bool>().ToArray(), joint.InsidePrecisionBalls);
        CollectionAssert.AreEqual(ManifoldMetrics.BallCounts(fake, real, realK5).data<long>().ToArray(), joint.DensityBallCounts);
        CollectionAssert.AreEqual(ManifoldMetrics.CoveredBalls(real, realK5, fake).data<bool>().ToArray(), joint.CoveredReferenceBalls);
        CollectionAssert.AreEqual(ManifoldMetrics.InsideBalls(real, fake, fakeK3).data<bool>().ToArray(), joint.ReferenceInsideSample);
    }

    [TestMethod]
    public void SeveralK_InOnePass_EqualOneKAtATime()
    {
        using var scope = NewDisposeScope();
        var points = MetricData.Gaussian(150, 2, seed: 3);
        var radii = NearestNeighbors.KthNeighborDistancesForEach(points, new[] { 3, 5, 1 }, blockRows: 11);
        CollectionAssert.AreEqual(MetricData.Floats(NearestNeighbors.KthNeighborDistances(points, 3)), MetricData.Floats(radii[0]));
        CollectionAssert.AreEqual(MetricData.Floats(NearestNeighbors.KthNeighborDistances(points, 5)), MetricData.Floats(radii[1]));
        CollectionAssert.AreEqual(MetricData.Floats(NearestNeighbors.KthNeighborDistances(points, 1)), MetricData.Floats(radii[2]));
    }
}
