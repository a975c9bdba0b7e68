using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;
using static TorchSharp.torch;

namespace MLGan.Tests.Diversity;

/// <summary>k-th neighbour and nearest-reference distances against hand-worked and brute-force values.</summary>
[TestClass]
public sealed class NearestNeighborsTests
{
    // Points 0, 1, 3, 6, 10 on a line. Distances to the others, sorted:
    //   0: 1, 3, 6, 10      1: 1, 2, 5, 9      3: 2, 3, 3, 7      6: 3, 4, 5, 6      10: 4, 7, 9, 10
    private static readonly float[] LinePoints = { 0, 1, 3, 6, 10 };

    [TestMethod]
    [DataRow(1, new double[] { 1, 1, 2, 3, 4 })]
    [DataRow(2, new double[] { 3, 2, 3, 4, 7 })]
    [DataRow(3, new double[] { 6, 5, 3, 5, 9 })]
    [DataRow(4, new double[] { 10, 9, 7, 6, 10 })]
    public void KthNeighborDistances_OnALine(int k, double[] expected)
    {
        using var points = Line(LinePoints);
        using var distances = NearestNeighbors.KthNeighborDistances(points, k);
        Assert.AreEqual(ScalarType.Float32, distances.dtype);
        AreEqual(expected, Floats(distances), 1e-6);
    }

    [TestMethod]
    public void KthNeighborDistances_ExcludeThePointItselfByIndex_NotItsDuplicates()
    {
        // (0,0) twice and (3,4): each copy's nearest other point is the other copy (distance 0);
        // the second nearest is (3,4) at 5. (3,4)'s nearest is either copy at 5.
        using var points = Rows(new float[] { 0, 0 }, new float[] { 0, 0 }, new float[] { 3, 4 });
        using var first = NearestNeighbors.KthNeighborDistances(points, 1);
        using var second = NearestNeighbors.KthNeighborDistances(points, 2);
        AreEqual(new double[] { 0, 0, 5 }, Floats(first), 0);
        AreEqual(new double[] { 5, 5, 5 }, Floats(second), 0);
    }

    [TestMethod]
    public void KthNeighborDistances_NeedMoreThanKPoints()
    {
        using var points = Line(0, 1, 2);
        var ex = Assert.Throws<ArgumentException>(() => NearestNeighbors.KthNeighborDistances(points, 3));
        StringAssert.Contains(ex.Message, "more than 3 points");
        Assert.Throws<ArgumentException>(() => NearestNeighbors.KthNeighborDistances(points, 0));
    }

    [TestMethod]
    public void NearestOtherDistances_IsTheFirstNeighbour()
    {
        using var points = Line(LinePoints);
        using var distances = NearestNeighbors.NearestOtherDistances(points);
        AreEqual(new double[] { 1, 1, 2, 3, 4 }, Floats(distances), 0);
    }

    [TestMethod]
    public void Nearest_FindsTheClosestReference()
    {
        // References A(0,0), B(10,0), C(0,10).
        //   (3,4):  A 5, B √65, C √45           -> A at 5
        //   (10,1): A √101, B 1, C √181         -> B at 1
        //   (6,8):  A 10, B √80, C √40 ≈ 6.3246 -> C at √40
        using var references = Rows(new float[] { 0, 0 }, new float[] { 10, 0 }, new float[] { 0, 10 });
        using var queries = Rows(new float[] { 3, 4 }, new float[] { 10, 1 }, new float[] { 6, 8 });
        var (distances, indices) = NearestNeighbors.Nearest(queries, references);
        using (distances)
        using (indices)
        {
            CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, Longs(indices));
            AreEqual(new[] { 5, 1, Math.Sqrt(40) }, Floats(distances), 1e-6);
        }
    }

    [TestMethod]
    public void Nearest_ChecksItsArguments()
    {
        using var twoFeatures = Rows(new float[] { 0, 0 });
        using var threeFeatures = Rows(new float[] { 0, 0, 0 });
        var ex = Assert.Throws<ArgumentException>(() => NearestNeighbors.Nearest(twoFeatures, threeFeatures));
        StringAssert.Contains(ex.Message, "same number of feature columns");
        using var flat = zeros(4);
        ex = Assert.Throws<ArgumentException>(() => NearestNeighbors.Nearest(flat, twoFeatures));
        StringAssert.Contains(ex.Message, "2-D");
        using var withNaN = Rows(new float[] { 0, 1 }, new float[] { float.NaN, 0 });
        ex = Assert.Throws<ArgumentException>(() => NearestNeighbors.Nearest(withNaN, twoFeatures));
        StringAssert.Contains(ex.Message, "row 1, column 0");
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestNeighbors.Nearest(twoFeatures, twoFeatures, blockRows: -1));
    }

    [TestMethod]
    public void KthNeighborDistances_MatchBruteForce()
    {
        using var points = Gaussian(120, 4, seed: 3);
        var values = Floats(points);
        for (int k = 1; k <= 5; k += 2)
        {
            var expected = new double[120];
            for (int i = 0; i < 120; i++)
            {
                var others = new List<double>();
                for (int j = 0; j < 120; j++)
                    if (j != i)
                        others.Add(Distance(values, i, values, j, 4));
                others.Sort();
                expected[i] = others[k - 1];
            }
            using var distances = NearestNeighbors.KthNeighborDistances(points, k);
            AreEqual(expected, Floats(distances), 1e-6, $"k = {k}");
        }
    }

    [TestMethod]
    public void TightClusterFarFromTheOrigin_KeepsItsSmallDistances()
    {
        // Points 1e-3 apart around (1000, -1000): float32 products ‖q‖² + ‖r‖² − 2q·r would lose these
        // distances entirely (error ~1e-7 × 2e6 ≫ 1e-6); the kernels keep them to float precision.
        using var offsets = Gaussian(200, 2, seed: 5, scale: 1e-3);
        using var shift = tensor(new float[] { 1000, -1000 });
        using var points = offsets + shift;
        var values = Floats(points);
        var expected = new double[200];
        for (int i = 0; i < 200; i++)
        {
            double best = double.MaxValue;
            for (int j = 0; j < 200; j++)
                if (j != i)
                    best = Math.Min(best, Distance(values, i, values, j, 2));
            expected[i] = best;
        }
        using var distances = NearestNeighbors.NearestOtherDistances(points);
        var actual = Floats(distances);
        for (int i = 0; i < 200; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-6 * expected[i] + 1e-12, $"row {i}");
    }

    [TestMethod]
    public void Blocks_DoNotChangeTheResults()
    {
        using var points = Gaussian(301, 5, seed: 11);
        using var references = Gaussian(157, 5, seed: 12);
        using var whole = NearestNeighbors.KthNeighborDistances(points, 3, blockRows: 10_000);
        using var auto = NearestNeighbors.KthNeighborDistances(points, 3);
        using var blocked = NearestNeighbors.KthNeighborDistances(points, 3, blockRows: 7);
        using var single = NearestNeighbors.KthNeighborDistances(points, 3, blockRows: 1);
        CollectionAssert.AreEqual(Floats(whole), Floats(auto));
        CollectionAssert.AreEqual(Floats(whole), Floats(blocked));
        CollectionAssert.AreEqual(Floats(whole), Floats(single));

        var (d1, i1) = NearestNeighbors.Nearest(points, references, blockRows: 10_000);
        var (d2, i2) = NearestNeighbors.Nearest(points, references, blockRows: 13);
        using (d1) using (i1) using (d2) using (i2)
        {
            CollectionAssert.AreEqual(Longs(i1), Longs(i2));
            CollectionAssert.AreEqual(Floats(d1), Floats(d2));
        }
    }

    internal static double Distance(float[] a, int i, float[] b, int j, int d)
    {
        double sum = 0;
        for (int c = 0; c < d; c++)
        {
            double diff = (double)a[i * d + c] - b[j * d + c];
            sum += diff * diff;
        }
        return Math.Sqrt(sum);
    }
}
