using System.Diagnostics;
using MLGan.Diversity;
using TorchSharp;
using static MLGan.Tests.Diversity.MetricData;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>The kernels leave no tensors behind, and score large sets in seconds (the latter a Long test).</summary>
[TestClass]
public sealed class MetricResourceTests
{
    private static long LiveTensors => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    [TestMethod]
    public void Kernels_LeaveNoTensorsBehind()
    {
        using var real = Gaussian(90, 3, seed: 61);
        using var fake = Gaussian(70, 3, seed: 62);
        using var radii = NearestNeighbors.KthNeighborDistances(real, 3);
        using var fakeRadii = NearestNeighbors.KthNeighborDistances(fake, 3);
        using var bins = KMeans.Fit(real, 4, seed: 1);
        var proportions = Ndb.Proportions(bins, real);

        var calls = new (string Name, Func<IDisposable[]> Call)[]
        {
            ("KthNeighborDistances", () => new IDisposable[] { NearestNeighbors.KthNeighborDistances(real, 3, blockRows: 7) }),
            ("Nearest", () => { var (d, i) = NearestNeighbors.Nearest(fake, real, blockRows: 7); return new IDisposable[] { d, i }; }),
            ("InsideBalls", () => new IDisposable[] { ManifoldMetrics.InsideBalls(fake, real, radii, blockRows: 7) }),
            ("BallCounts", () => new IDisposable[] { ManifoldMetrics.BallCounts(fake, real, radii, blockRows: 7) }),
            ("CoveredBalls", () => new IDisposable[] { ManifoldMetrics.CoveredBalls(real, radii, fake, blockRows: 7) }),
            ("Scalars", () =>
            {
                ManifoldMetrics.Precision(real, radii, fake);
                ManifoldMetrics.Recall(real, fake, fakeRadii);
                ManifoldMetrics.Density(real, radii, fake, 3);
                ManifoldMetrics.Coverage(real, radii, fake);
                Duplicates.Rate(fake, 0.1);
                FrechetDistance.Between(real, fake);
                Ndb.Compute(bins, proportions, 90, fake);
                return Array.Empty<IDisposable>();
            }),
            ("KMeans.Fit", () => new IDisposable[] { KMeans.Fit(real, 5, seed: 2) }),
            ("KMeans.Assign", () => new IDisposable[] { KMeans.Assign(fake, bins) }),
            ("ChooseK", () => { KMeans.ChooseK(real, 2, 4, seed: 3, sampleSize: 60); return Array.Empty<IDisposable>(); }),
            ("Failure", () =>
            {
                try { NearestNeighbors.KthNeighborDistances(real, 90); } catch (ArgumentException) { }
                return Array.Empty<IDisposable>();
            }),
        };
        foreach (var (name, call) in calls)
        {
            long before = LiveTensors;
            foreach (var result in call())
                result.Dispose();
            Assert.AreEqual(before, LiveTensors, $"{name} leaked tensors");
        }
    }
}
