using MLGan.Diversity;
using static MLGan.Tests.Diversity.MetricData;

namespace MLGan.Tests.Diversity;

/// <summary>Near-duplicate rates and reverse KL over modes, by hand.</summary>
[TestClass]
public sealed class DuplicatesAndModeDivergenceTests
{
    [TestMethod]
    public void OnePointRepeated_IsAllDuplicates()
    {
        using var points = Rows(Enumerable.Repeat(new float[] { 0.3f, -7.1f, 2.2f }, 10).ToArray());
        Assert.AreEqual(1.0, Duplicates.Rate(points, radius: 0));
    }

    [TestMethod]
    public void DistinctSpreadPoints_HaveNoDuplicates()
    {
        // A 5 × 5 grid with spacing 1: every nearest other point is at distance 1 > 0.5.
        var grid = new List<float[]>();
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++)
                grid.Add(new float[] { x, y });
        using var points = Rows(grid.ToArray());
        Assert.AreEqual(0.0, Duplicates.Rate(points, radius: 0.5));
        Assert.AreEqual(1.0, Duplicates.Rate(points, radius: 1)); // inclusive
    }

    [TestMethod]
    public void Rate_CountsBothCopiesAndUsesTheRadiusInclusively()
    {
        // (0,0) twice, (5,0), (9,0). Nearest-other distances: 0, 0, 4, 4.
        using var points = Rows(new float[] { 0, 0 }, new float[] { 0, 0 }, new float[] { 5, 0 }, new float[] { 9, 0 });
        Assert.AreEqual(0.5, Duplicates.Rate(points, 0));
        Assert.AreEqual(0.5, Duplicates.Rate(points, 3.9));
        Assert.AreEqual(1.0, Duplicates.Rate(points, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Duplicates.Rate(points, -1));
        using var single = Rows(new float[] { 0, 0 });
        Assert.Throws<ArgumentException>(() => Duplicates.Rate(single, 0));
    }

    [TestMethod]
    public void ReverseKL_HandValues()
    {
        // Balanced histogram against uniform weights: 0.
        Assert.AreEqual(0.0, ModeDivergence.ReverseKL(new[] { 2, 2 }, new[] { 1.0, 1.0 }), 1e-15);
        // Everything on one of two equally weighted modes: 1 · ln(1 / 0.5) = ln 2.
        Assert.AreEqual(Math.Log(2), ModeDivergence.ReverseKL(new[] { 4, 0 }, new[] { 1.0, 1.0 }), 1e-15);
        // p = (0.75, 0.25), q = (0.5, 0.5): 0.75 ln 1.5 + 0.25 ln 0.5 = 0.304099 − 0.173287 = 0.130812.
        Assert.AreEqual(0.75 * Math.Log(1.5) + 0.25 * Math.Log(0.5), ModeDivergence.ReverseKL(new[] { 3, 1 }, new[] { 1.0, 1.0 }), 1e-15);
        Assert.AreEqual(0.130812, ModeDivergence.ReverseKL(new[] { 3, 1 }, new[] { 1.0, 1.0 }), 1e-6);
        // p = (0.5, 0.5), q = (0.25, 0.75) from unnormalized weights (2, 6): 0.5 ln 2 + 0.5 ln(2/3) = 0.143841.
        Assert.AreEqual(0.143841, ModeDivergence.ReverseKL(new[] { 1, 1 }, new[] { 2.0, 6.0 }), 1e-6);
    }

    [TestMethod]
    public void ReverseKL_EdgeRules()
    {
        // Mass on a mode the reference does not have: infinite.
        Assert.AreEqual(double.PositiveInfinity, ModeDivergence.ReverseKL(new[] { 1, 1 }, new[] { 1.0, 0.0 }));
        // A reference mode with no samples is fine (p = 0 terms vanish): 1 · ln(1 / 0.5).
        Assert.AreEqual(Math.Log(2), ModeDivergence.ReverseKL(new[] { 3, 0 }, new[] { 1.0, 1.0 }), 1e-15);
        // No samples at all: ln(number of modes).
        Assert.AreEqual(Math.Log(3), ModeDivergence.ReverseKL(new[] { 0, 0, 0 }, new[] { 1.0, 1.0, 1.0 }), 1e-15);
        Assert.Throws<ArgumentException>(() => ModeDivergence.ReverseKL(new[] { 1 }, new[] { 1.0, 1.0 }));
        Assert.Throws<ArgumentException>(() => ModeDivergence.ReverseKL(new[] { -1, 1 }, new[] { 1.0, 1.0 }));
        Assert.Throws<ArgumentException>(() => ModeDivergence.ReverseKL(new[] { 1, 1 }, new[] { 0.0, 0.0 }));
    }
}
