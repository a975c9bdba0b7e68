using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>
/// The nearest-neighbour and ball kernels on data where the product form ‖q‖² + ‖r‖² − 2q·r is at its weakest:
/// clusters far tighter than their distance from the origin, and coordinates whose squares overflow float32.
/// Every kernel must equal a brute-force float64 computation from the rows' differences.
/// </summary>
[TestClass]
public sealed class ExactnessTests
{
    [TestMethod]
    public void TightClustersFarApart_KthNeighbours_EqualBruteForce()
    {
        // Eight clusters of std 0.01 on a circle of radius 1000: float32's error in ‖q‖² + ‖r‖² − 2q·r (~0.1)
        // would dwarf the squared neighbour distances (~1e-5), and centring on the mean cannot remove it.
        using var points = Ring(40, radius: 1000, std: 1e-2, seed: 3);
        var values = Floats(points);
        foreach (int k in new[] { 1, 3, 5 })
        {
            using var distances = NearestNeighbors.KthNeighborDistances(points, k, blockRows: 37);
            AreEqual(BruteKth(values, values, 2, k, excludeSelf: true), Floats(distances), delta: 0, $"k = {k}", relative: 1e-6);
        }
    }

    [TestMethod]
    public void TightClustersFarApart_NearestAndBalls_EqualBruteForce()
    {
        using var references = Ring(40, radius: 1000, std: 1e-2, seed: 3);
        using var queries = Ring(30, radius: 1000, std: 1e-2, seed: 4);
        var r = Floats(references);
        var q = Floats(queries);

        var (distances, _) = NearestNeighbors.Nearest(queries, references, blockRows: 50);
        using (distances)
            AreEqual(BruteKth(q, r, 2, 1, excludeSelf: false), Floats(distances), delta: 0, "nearest", relative: 1e-6);

        using var radii = NearestNeighbors.KthNeighborDistances(references, 5);
        var radius = Floats(radii);
        // Brute force with the kernels' documented allowance for radii rounded to float32.
        var expectedCounts = new long[q.Length / 2];
        var expectedCovered = new bool[r.Length / 2];
        for (int i = 0; i < expectedCounts.Length; i++)
            for (int j = 0; j < expectedCovered.Length; j++)
            {
                double distance = NearestNeighborsTests.Distance(q, i, r, j, 2);
                if (distance * distance <= (double)radius[j] * radius[j] * (1 + ManifoldMetrics.RadiusTolerance))
                {
                    expectedCounts[i]++;
                    expectedCovered[j] = true;
                }
            }
        Assert.IsTrue(expectedCounts.Sum() > expectedCounts.Length, "the test needs queries inside several balls");
        using var counts = ManifoldMetrics.BallCounts(queries, references, radii, blockRows: 50);
        using var covered = ManifoldMetrics.CoveredBalls(references, radii, queries, blockRows: 50);
        CollectionAssert.AreEqual(expectedCounts, Longs(counts));
        CollectionAssert.AreEqual(expectedCovered, Bools(covered));
    }

    [TestMethod]
    public void CoordinatesTooLargeForFloat32_EqualBruteForce()
    {
        // Squared norms near 1e38 overflow float32: the kernels must not compute in it.
        using var unit = Gaussian(60, 3, seed: 8);
        using var points = unit * 1e19;
        var values = Floats(points);
        using var distances = NearestNeighbors.KthNeighborDistances(points, 3);
        AreEqual(BruteKth(values, values, 3, 3, excludeSelf: true), Floats(distances), delta: 0, "k = 3", relative: 1e-6);
    }

    /// <summary>Clusters of <paramref name="perCluster"/> points around 8 points on a circle.</summary>
    private static Tensor Ring(int perCluster, double radius, double std, int seed)
    {
        var centres = Enumerable.Range(0, 8)
            .Select(i => new[] { (float)(radius * Math.Cos(i * Math.PI / 4)), (float)(radius * Math.Sin(i * Math.PI / 4)) })
            .ToArray();
        return Blobs(centres, perCluster, std, seed);
    }

    /// <summary>Distance from each query to its k-th nearest reference (float64, brute force).</summary>
    private static double[] BruteKth(float[] queries, float[] references, int features, int k, bool excludeSelf)
    {
        int n = queries.Length / features, m = references.Length / features;
        var result = new double[n];
        for (int i = 0; i < n; i++)
            result[i] = Enumerable.Range(0, m).Where(j => !excludeSelf || j != i)
                .Select(j => NearestNeighborsTests.Distance(queries, i, references, j, features)).Order().ElementAt(k - 1);
        return result;
    }
}
