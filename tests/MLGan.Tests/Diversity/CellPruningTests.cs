using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>
/// Sets large enough to be split into many cells, so that the kernels skip most cell pairs: every result must
/// still equal a brute-force computation over all pairs, on clustered data (where most pairs are skipped) and
/// on structureless data (where few are).
/// </summary>
[TestClass]
public sealed class CellPruningTests
{
    [TestMethod]
    public void Cells_PartitionTheRows_AndTheirRadiiHoldEveryMember()
    {
        using var scope = NewDisposeScope();
        var rows = Mixture(3000, 2, clustered: true, seed: 1).to_type(ScalarType.Float64);
        var cells = RowCells.Build(rows);
        Assert.IsTrue(cells.Count > 5, $"3000 rows should make several cells (got {cells.Count})");
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 3000).Select(i => (long)i).ToArray(), cells.Order.data<long>().ToArray());
        var radii = cells.Radii.data<double>().ToArray();
        for (int c = 0; c < cells.Count; c++)
        {
            var members = rows.index_select(0, cells.Order.narrow(0, cells.Starts[c], cells.Starts[c + 1] - cells.Starts[c]));
            double farthest = (members - cells.Centres.narrow(0, c, 1)).square().sum(1).sqrt().max().item<double>();
            Assert.IsTrue(farthest <= radii[c], $"cell {c}: member at {farthest} outside radius {radii[c]}");
        }
    }

    [TestMethod]
    [DataRow(2, true)]
    [DataRow(2, false)]
    [DataRow(16, true)]
    [DataRow(16, false)]
    public void KthNeighbours_EqualBruteForce(int features, bool clustered)
    {
        using var scope = NewDisposeScope();
        var points = Mixture(1200, features, clustered, seed: 2);
        var all = SquaredDistances(points, points);
        all.diagonal().fill_(double.PositiveInfinity);
        var sorted = all.sort(1).Values;
        var radii = NearestNeighbors.KthNeighborDistancesForEach(points, new[] { 1, 3, 5 });
        foreach (var (k, radius) in new[] { 1, 3, 5 }.Zip(radii))
            AssertClose(sorted.select(1, k - 1).sqrt(), radius, $"k = {k}");
    }

    [TestMethod]
    [DataRow(2, true)]
    [DataRow(16, false)]
    public void NearestAndJointPass_EqualBruteForce(int features, bool clustered)
    {
        using var scope = NewDisposeScope();
        var reference = Mixture(1200, features, clustered, seed: 3);
        var sample = Mixture(1000, features, clustered, seed: 4);
        var radii = NearestNeighbors.KthNeighborDistancesForEach(reference, new[] { 3, 5 });
        var sampleRadii = NearestNeighbors.KthNeighborDistances(sample, 3);
        var pairs = SquaredDistances(sample, reference);                        // [sample, reference]
        var limit3 = ManifoldMetrics.SquaredLimits(radii[0]).unsqueeze(0);
        var limit5 = ManifoldMetrics.SquaredLimits(radii[1]).unsqueeze(0);
        var sampleLimit = ManifoldMetrics.SquaredLimits(sampleRadii).unsqueeze(1);

        var (nearestDistance, _) = NearestNeighbors.Nearest(sample, reference);
        AssertClose(pairs.amin(1).sqrt(), nearestDistance, "nearest");

        var joint = JointManifoldPass.Run(sample, reference, radii[0], radii[1], sampleRadii);
        AssertClose(pairs.amin(1).sqrt(), tensor(joint.NearestDistance), "joint nearest");
        CollectionAssert.AreEqual(pairs.le(limit3).any(1).data<bool>().ToArray(), joint.InsidePrecisionBalls, "precision");
        CollectionAssert.AreEqual(pairs.le(limit5).sum(1).data<long>().ToArray(), joint.DensityBallCounts, "density");
        CollectionAssert.AreEqual(pairs.le(limit5).any(0).data<bool>().ToArray(), joint.CoveredReferenceBalls, "coverage");
        CollectionAssert.AreEqual(pairs.le(sampleLimit).any(0).data<bool>().ToArray(), joint.ReferenceInsideSample, "recall");
        Assert.IsTrue(joint.DensityBallCounts.Sum() > 0 && joint.CoveredReferenceBalls.Any(c => !c), "the sets must overlap partly");
    }

    [TestMethod]
    public void NoQueries_GiveEmptyResults()
    {
        using var scope = NewDisposeScope();
        var reference = Mixture(600, 2, clustered: true, seed: 5);
        var none = empty(0, 2);
        var radii = NearestNeighbors.KthNeighborDistancesForEach(reference, new[] { 3, 5 });
        var (distances, indices) = NearestNeighbors.Nearest(none, reference);
        Assert.AreEqual(0, distances.shape[0]);
        Assert.AreEqual(0, indices.shape[0]);
        var joint = JointManifoldPass.Run(none, reference, radii[0], radii[1], null);
        Assert.AreEqual(0, joint.NearestReference.Length);
        Assert.IsFalse(joint.CoveredReferenceBalls.Any(c => c));
    }

    /// <summary>
    /// n rows in d dimensions: 12 tight Gaussian clusters of random widths plus 10% uniform background when
    /// clustered, otherwise a standard Gaussian.
    /// </summary>
    private static Tensor Mixture(int n, int d, bool clustered, int seed)
    {
        var random = new Random(seed);
        var centreRandom = new Random(99);                                      // the same clusters for every set
        var centres = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, d).Select(_ => centreRandom.NextDouble() * 20 - 10).ToArray()).ToArray();
        var widths = Enumerable.Range(0, 12).Select(_ => Math.Pow(10, -3 + 2 * centreRandom.NextDouble())).ToArray();
        var values = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(12);
            bool background = !clustered || random.NextDouble() < 0.1;
            for (int j = 0; j < d; j++)
                values[i * d + j] = clustered
                    ? (float)(background ? random.NextDouble() * 24 - 12 : centres[c][j] + widths[c] * Normal(random))
                    : (float)Normal(random);
        }
        return tensor(values, new long[] { n, d });
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>All squared distances in float64 from the differences, [a, b], a few rows of a at a time.</summary>
    private static Tensor SquaredDistances(Tensor a, Tensor b)
    {
        var x = a.to_type(ScalarType.Float64);
        var y = b.to_type(ScalarType.Float64).unsqueeze(0);
        var rows = Enumerable.Range(0, (int)((x.shape[0] + 99) / 100))
            .Select(i => (x.narrow(0, i * 100, Math.Min(100, x.shape[0] - i * 100)).unsqueeze(1) - y).square().sum(2));
        return cat(rows.ToList(), 0);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what) =>
        AreEqual(expected.data<double>().ToArray(), Floats(actual.to_type(ScalarType.Float32)), delta: 1e-12, what, relative: 1e-6);
}
