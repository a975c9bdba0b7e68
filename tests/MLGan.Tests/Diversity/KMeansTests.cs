using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>k-means recovers separated clusters deterministically; the silhouette picks their number.</summary>
[TestClass]
public sealed class KMeansTests
{
    private static readonly float[][] Centres = { new float[] { 0, 0 }, new float[] { 10, 0 }, new float[] { 0, 10 } };

    // Each cluster: its centre plus the offsets (±0.5, 0) and (0, ±0.5), so each cluster's mean is its centre.
    private static Tensor Clusters()
    {
        var rows = new List<float[]>();
        foreach (var c in Centres)
            foreach (var (dx, dy) in new[] { (0.5f, 0f), (-0.5f, 0f), (0f, 0.5f), (0f, -0.5f) })
                rows.Add(new[] { c[0] + dx, c[1] + dy });
        return Rows(rows.ToArray());
    }

    private static List<(float X, float Y)> Sorted(Tensor centres)
    {
        var v = Floats(centres);
        return Enumerable.Range(0, v.Length / 2).Select(i => (v[2 * i], v[2 * i + 1])).OrderBy(p => p.Item1).ThenBy(p => p.Item2).ToList();
    }

    [TestMethod]
    public void Fit_RecoversWellSeparatedClusters()
    {
        using var points = Clusters();
        for (int seed = 1; seed <= 5; seed++)
        {
            using var centres = KMeans.Fit(points, 3, seed);
            CollectionAssert.AreEqual(new long[] { 3, 2 }, centres.shape);
            var found = Sorted(centres);
            var expected = new[] { (0f, 0f), (0f, 10f), (10f, 0f) };
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual(expected[i].Item1, found[i].X, 1e-6, $"seed {seed}");
                Assert.AreEqual(expected[i].Item2, found[i].Y, 1e-6, $"seed {seed}");
            }
        }
    }

    [TestMethod]
    public void Fit_IsDeterministicForASeed()
    {
        using var points = Blobs(Centres, perBlob: 60, std: 2.5, seed: 41); // overlapping: the seed matters
        using var a = KMeans.Fit(points, 4, seed: 7, restarts: 1);
        using var b = KMeans.Fit(points, 4, seed: 7, restarts: 1);
        using var c = KMeans.Fit(points, 4, seed: 8, restarts: 1);
        CollectionAssert.AreEqual(Floats(a), Floats(b));
        CollectionAssert.AreNotEqual(Floats(a), Floats(c));
    }

    [TestMethod]
    public void Assign_GivesTheNearestCentre()
    {
        using var centres = Rows(Centres);
        using var points = Rows(new float[] { 1, 1 }, new float[] { 9, -1 }, new float[] { -1, 8 }, new float[] { 6, 0 });
        using var labels = KMeans.Assign(points, centres);
        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 1 }, Longs(labels));
    }

    [TestMethod]
    public void Fit_SurvivesFewerDistinctPointsThanClusters()
    {
        // Three distinct points, four clusters: one cluster must stay on a duplicate; every point keeps a centre.
        using var points = Rows(new float[] { 0, 0 }, new float[] { 0, 0 }, new float[] { 5, 0 }, new float[] { 9, 0 });
        using var centres = KMeans.Fit(points, 4, seed: 3);
        var (distances, _) = NearestNeighbors.Nearest(points, centres);
        using (distances)
            CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0 }, Floats(distances));
    }

    [TestMethod]
    public void Fit_ChecksK()
    {
        using var points = Clusters();
        Assert.Throws<ArgumentException>(() => KMeans.Fit(points, 0, seed: 1));
        var ex = Assert.Throws<ArgumentException>(() => KMeans.Fit(points, 13, seed: 1));
        StringAssert.Contains(ex.Message, "12");
    }

    [TestMethod]
    public void ChooseK_FindsThreeBlobs()
    {
        using var points = Blobs(Centres, perBlob: 200, std: 0.5, seed: 42);
        Assert.AreEqual(3, KMeans.ChooseK(points, kMin: 2, kMax: 6, seed: 1));
        Assert.AreEqual(3, KMeans.ChooseK(points, kMin: 2, kMax: 6, seed: 2, sampleSize: 150)); // on a subsample
    }

    [TestMethod]
    public void ChooseK_OnRowsWiderThanItsSearchSpace_FindsTheBlobsThroughTheirPrincipalComponents()
    {
        // Four blobs in 100 dimensions (centres drawn in [-5, 5]^100, std 0.5): the search sees 32 principal components.
        var random = new Random(3);
        var centres = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 100).Select(_ => (float)(10 * random.NextDouble() - 5)).ToArray()).ToArray();
        using var points = Blobs(centres, perBlob: 150, std: 0.5, seed: 7);
        Assert.IsTrue(points.shape[1] > KMeans.MaxSearchDimensions);
        Assert.AreEqual(4, KMeans.ChooseK(points, kMin: 2, kMax: 8, seed: 1));
    }

    [TestMethod]
    public void ChooseK_OnFewerRowsThanValues_FindsTheBlobsThroughTheGramMatrix()
    {
        // Four blobs of 30 rows in 500 dimensions: more values than rows, so the components come from the 120 x 120 Gram matrix.
        var random = new Random(4);
        var centres = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 500).Select(_ => (float)(10 * random.NextDouble() - 5)).ToArray()).ToArray();
        using var points = Blobs(centres, perBlob: 30, std: 0.5, seed: 8);
        Assert.IsTrue(points.shape[1] > points.shape[0]);
        Assert.AreEqual(4, KMeans.ChooseK(points, kMin: 2, kMax: 8, seed: 1));
    }

    [TestMethod]
    public void SilhouetteMeans_OfSeveralClusterings_AreTheOneOffValues()
    {
        using var points = Blobs(Centres, perBlob: 60, std: 1.5, seed: 5);
        var clusterings = new List<(Tensor Labels, int Clusters)>();
        for (int k = 2; k <= 5; k++)
            clusterings.Add((tensor(KMeans.FitBest(Floats(points).Select(v => (double)v).ToArray(), 2, k, seed: 1, maxIterations: 100, restarts: 1).Labels), k));
        // 150 clusters twice more: more than one pass's one-hot columns, so the clusterings are scored in two passes.
        using var many = tensor(Enumerable.Range(0, 180).Select(i => (long)(i % 150)).ToArray());
        clusterings.Add((many, 150));
        clusterings.Add((many, 150));
        clusterings.Add((many, 150));
        var together = Silhouette.Means(points, clusterings, blockRows: 50);
        for (int c = 0; c < clusterings.Count; c++)
            Assert.AreEqual(Silhouette.Mean(points, clusterings[c].Labels, clusterings[c].Clusters, blockRows: 50), together[c], 1e-12, $"clustering {c}");
        Assert.AreNotEqual(together[0], together[1]);
    }

    [TestMethod]
    public void Fit_EndsAtALloydFixedPoint()
    {
        // Overlapping blobs, so the runs take several iterations: at the end each centre is the mean of the points
        // nearest to it (nearest by the independent tensor kernel of NearestNeighbors).
        using var points = Blobs(Centres, perBlob: 100, std: 2.5, seed: 9);
        foreach (int k in new[] { 2, 4, 7 })
        {
            using var centres = KMeans.Fit(points, k, seed: k, maxIterations: 1000);
            var (_, nearest) = NearestNeighbors.Nearest(points, centres);
            var labels = Longs(nearest);
            nearest.Dispose();
            var rows = Floats(points);
            var found = Floats(centres);
            for (int c = 0; c < k; c++)
            {
                var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
                Assert.IsTrue(members.Length > 0, $"k = {k}: cluster {c} is empty");
                for (int j = 0; j < 2; j++)
                    Assert.AreEqual(members.Average(i => (double)rows[2 * i + j]), found[2 * c + j], 1e-5, $"k = {k}, cluster {c}");
            }
        }
    }

    [TestMethod]
    public void ChooseK_ChecksItsRange()
    {
        using var points = Clusters();
        Assert.Throws<ArgumentException>(() => KMeans.ChooseK(points, 1, 4, seed: 1));
        Assert.Throws<ArgumentException>(() => KMeans.ChooseK(points, 4, 3, seed: 1));
        var ex = Assert.Throws<ArgumentException>(() => KMeans.ChooseK(points, 2, 12, seed: 1)); // 12 points
        StringAssert.Contains(ex.Message, "kMax");
    }

    [TestMethod]
    public void Silhouette_HandValues()
    {
        // Clusters {0, 1} and {10, 11} on a line.
        //   0: a = 1, b = (10 + 11)/2 = 10.5 -> 9.5/10.5      1: a = 1, b = (9 + 10)/2 = 9.5 -> 8.5/9.5
        //   10 and 11 mirror 1 and 0. Mean = (9.5/10.5 + 8.5/9.5) / 2.
        using var points = Line(0, 1, 10, 11);
        using var labels = tensor(new long[] { 0, 0, 1, 1 });
        Assert.AreEqual((9.5 / 10.5 + 8.5 / 9.5) / 2, Silhouette.Mean(points, labels, 2), 1e-12);

        // {0, 1} and the singleton {10}: 0: a = 1, b = 10 -> 0.9; 1: a = 1, b = 9 -> 8/9; 10: singleton -> 0.
        using var three = Line(0, 1, 10);
        using var threeLabels = tensor(new long[] { 0, 0, 1 });
        Assert.AreEqual((0.9 + 8.0 / 9) / 3, Silhouette.Mean(three, threeLabels, 2), 1e-12);
        // Blocks do not change it.
        Assert.AreEqual((0.9 + 8.0 / 9) / 3, Silhouette.Mean(three, threeLabels, 2, blockRows: 1), 1e-12);

        // An empty third cluster is ignored; one cluster only scores 0.
        Assert.AreEqual((9.5 / 10.5 + 8.5 / 9.5) / 2, Silhouette.Mean(points, labels, 3), 1e-12);
        using var oneCluster = zeros(4, dtype: ScalarType.Int64);
        Assert.AreEqual(0.0, Silhouette.Mean(points, oneCluster, 1));
    }
}
