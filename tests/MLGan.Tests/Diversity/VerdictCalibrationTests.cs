using Microsoft.ML;
using MLGan.Benchmarks;
using MLGan.Diversity;

namespace MLGan.Tests.Diversity;

/// <summary>
/// The collapse verdict is calibrated: fresh real rows (a perfect generator) are judged healthy on discrete,
/// continuous, heavy-tailed, small and tabular data, while degraded samples (dropped modes, one point, a narrow copy,
/// a dropped 2% mode) are flagged. The cases are the verdict benchmark's (benchmarks/RESULTS.md); the Long test runs
/// more draws of each.
/// </summary>
[TestClass]
public sealed class VerdictCalibrationTests
{
    private static VerdictCase Case(string name) => VerdictCase.All.Single(c => c.Name.StartsWith(name, StringComparison.Ordinal));

    /// <summary>How many of <paramref name="draws"/> seeded draws are judged collapsed, with the first reasons seen.</summary>
    internal static (int Flagged, string Report) Flagged(VerdictCase verdictCase, int draws)
    {
        int flagged = 0;
        var report = new List<string>();
        for (int seed = 1; seed <= draws; seed++)
        {
            var m = VerdictCalibrationBenchmark.Evaluate(verdictCase, seed);
            if (m.IsCollapsed)
            {
                flagged++;
                report.Add($"seed {seed}: {string.Join("; ", m.Reasons)}");
            }
        }
        return (flagged, $"{verdictCase.Name}: {flagged} of {draws} flagged\n{string.Join("\n", report.Take(5))}");
    }

    [TestMethod]
    [DataRow("heavy-tailed table, 120 vs 1,200")]
    [DataRow("discrete grid {0,1,2}²")]
    [DataRow("integer grid 5x5")]
    [DataRow("2-D standard normal, 120 vs 120")]
    [DataRow("ring, 20 vs 500")]
    [DataRow("30-d table with outliers")]
    [DataRow("10 modes, one at 2%")]
    public void FreshRealRows_AreHealthy(string name)
    {
        // 12 seeded draws: at a 5% level per criterion, more than 2 flags would be far out of line.
        var (flagged, report) = Flagged(Case(name), 12);
        Assert.IsLessThanOrEqualTo(2, flagged, report);
    }

    [TestMethod]
    [DataRow("ring, half the modes")]
    [DataRow("ring, one point")]
    [DataRow("grid (given centres), 10 of 25 modes")]
    [DataRow("ring, within-mode collapse")]
    public void DegradedSamples_AreFlagged(string name)
    {
        var (flagged, report) = Flagged(Case(name), 3);
        Assert.AreEqual(3, flagged, report);
    }

    [TestMethod]
    public void DroppedRareMode_IsFoundAndFlagged()
    {
        // 10,000 rows: four big modes and one holding 2%. Automatic modes must keep the small one, and a sample without it is collapsed.
        var (reference, sample) = Case("4 modes + a 2% mode, the 2% mode dropped").Draw(1);
        var ml = new MLContext(1);
        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1 }).Fit(TestData.Rows(ml, reference));
        Assert.AreEqual(5, scorer.ModeCenters.Count);
        var m = scorer.Evaluate(TestData.Rows(ml, sample));
        Assert.AreEqual(1, m.MissingModes, m.ToString());
        Assert.IsTrue(m.IsCollapsed, m.ToString());
        Assert.IsTrue(m.Reasons.Any(r => r.StartsWith("1 of 5 modes have no high-quality sample")), m.ToString());
    }

    [TestMethod]
    public void UnequalRealModeWeights_AreNotPenalized_ButTheProtocolKLIsKept()
    {
        // Ten modes, one holding 2% of the rows: a perfect sampler matches the real weights, not equal ones.
        var ml = new MLContext(1);
        var modes = VerdictCase.TenModes;
        using var scorer = ml.Gan().Transforms.ScoreDiversity(modes.Options()).Fit(TestData.Rows(ml, modes.Sample(5000, 1)));
        var m = scorer.Evaluate(TestData.Rows(ml, modes.Sample(2500, 2)));
        Assert.IsLessThan(0.01, m.ReverseKL, m.ToString());
        Assert.AreEqual(0.06, m.ReverseKLToUniform, 0.02, "the protocol's KL against equal weights penalizes the 2% mode");
        Assert.IsFalse(m.IsCollapsed, m.ToString());

        // Weights given by the user are used as they are.
        var given = modes.Options();
        given.ModeWeights = Enumerable.Repeat(1.0, 10).ToArray();
        using var uniform = ml.Gan().Transforms.ScoreDiversity(given).Fit(TestData.Rows(ml, modes.Sample(5000, 1)));
        Assert.AreEqual(m.ReverseKLToUniform, uniform.Evaluate(TestData.Rows(ml, modes.Sample(2500, 2))).ReverseKL, 1e-12);
    }

    [TestMethod]
    public void IdenticalReference_FailsClearly_NotWithAnInternalError()
    {
        var ml = new MLContext(1);
        var same = TestData.Rows(ml, Enumerable.Repeat(new[] { 3f, 4f }, 500));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Transforms.ScoreDiversity().Fit(same));
        StringAssert.Contains(ex.Message, "reference data has no spread");
        StringAssert.Contains(ex.Message, "500 rows are identical");
    }

    [TestMethod]
    public void RepeatedValues_KeepPositiveRadii()
    {
        // A 5x5 integer grid (every real row repeated many times): a generator's raw outputs near the grid points are
        // high quality, and outputs rounded to the grid are as healthy as the real rows.
        var ml = new MLContext(1);
        var reference = VerdictCase.Discrete(1000, 5, 1);
        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1 }).Fit(TestData.Rows(ml, reference));
        Assert.IsTrue(scorer.ModeQualityRadii.All(r => r > 0));
        Assert.IsGreaterThan(0f, scorer.DuplicateRadius);
        var random = new Random(2);
        var raw = VerdictCase.Discrete(1000, 5, 2).Select(r => r.Select(v => v + 0.05f * (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var noisy = scorer.Evaluate(TestData.Rows(ml, raw));
        Assert.IsGreaterThan(0.95, noisy.HighQualityShare, noisy.ToString());
        Assert.IsGreaterThan(0.9, noisy.Precision, noisy.ToString());
        Assert.IsFalse(noisy.IsCollapsed, noisy.ToString());
        var rounded = scorer.Evaluate(TestData.Rows(ml, raw.Select(r => r.Select(v => MathF.Round(v)).ToArray())));
        Assert.IsFalse(rounded.IsCollapsed, rounded.ToString());
        Assert.AreEqual(25, rounded.TotalModes, "one mode per distinct value");
        Assert.AreEqual(1.0, rounded.DuplicateRate, "every rounded row repeats ...");
        Assert.AreEqual(1.0, rounded.ReferenceDuplicateRate, 1e-9, "... as every real row does at this size");
    }

    [TestMethod]
    public void DiscreteData_HistogramTestIsCalibrated()
    {
        // Exact ties at the mode radii: fresh rows of the 3x3 grid must not look significantly different.
        var discrete = Case("discrete grid {0,1,2}²");
        var pValues = Enumerable.Range(1, 8).Select(seed => VerdictCalibrationBenchmark.Evaluate(discrete, seed)).ToList();
        Assert.IsTrue(pValues.All(m => m.TotalModes == 9), string.Join(", ", pValues.Select(m => m.TotalModes)));
        Assert.IsLessThanOrEqualTo(2, pValues.Count(m => m.ModeHistogramPValue < 0.05), string.Join(", ", pValues.Select(m => m.ModeHistogramPValue)));
    }

    [TestMethod]
    public void SmallReference_IsNoted_AndTinyOneRefused()
    {
        var ml = new MLContext(1);
        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1 }).Fit(TestData.Rows(ml, VerdictCase.Ring.Sample(20, 1)));
        var m = scorer.Evaluate(TestData.Rows(ml, VerdictCase.Ring.Sample(500, 2)));
        Assert.IsTrue(m.Notes.Any(n => n.Contains("only 20 rows")), m.ToString());
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Transforms.ScoreDiversity().Fit(TestData.Rows(ml, VerdictCase.Ring.Sample(19, 1))));
        StringAssert.Contains(ex.Message, "at least 20");
    }

    [TestMethod]
    public void BadData_IsNamedAsTheDataAtFault()
    {
        var ml = new MLContext(1);
        var ring = VerdictCase.Ring.Sample(100, 1);
        var withNaN = ring.Select((r, i) => i == 42 ? new[] { float.NaN, 0f } : r).ToArray();
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Transforms.ScoreDiversity().Fit(TestData.Rows(ml, withNaN))).Message,
            "Row 42 of the reference data");
        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1 }).Fit(TestData.Rows(ml, ring));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => scorer.Evaluate(TestData.Rows(ml, withNaN))).Message, "Row 42 of the scored data");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Evaluate(scorer, TestData.Rows(ml, Array.Empty<float[]>()))).Message, "The scored data has no rows");
    }

    [TestMethod]
    public void ZeroHitProbability_HandValues()
    {
        // C(n, a) / C(n + m, a): a = 2 hits among n = 4 reference rows, m = 2 sample rows: C(4,2)/C(6,2) = 6/15.
        Assert.AreEqual(6.0 / 15, SampleSizeTests.ZeroHitsPValue(2, 4, 2), 1e-12);
        Assert.AreEqual(1.0, SampleSizeTests.ZeroHitsPValue(0, 100, 100));
        Assert.AreEqual(0.0, SampleSizeTests.ZeroHitsPValue(5, 4, 2), "more hits than the rows a zero-hit sample leaves");
        // A 2% mode (200 of 10,000) and 5,000 samples: (2/3)^200 ≈ 1e-35.
        Assert.IsLessThan(1e-30, SampleSizeTests.ZeroHitsPValue(200, 10_000, 5000));
        // Expected duplicate rate at the full size is the reference's own; at size 2 it is the chance a random partner is a neighbour.
        var counts = new[] { 1, 1, 0, 0 };
        Assert.AreEqual(0.5, SampleSizeTests.ExpectedDuplicateRate(counts, 4), 1e-12);
        Assert.AreEqual(0.5 * (1.0 / 3), SampleSizeTests.ExpectedDuplicateRate(counts, 2), 1e-12);
    }

    [TestMethod]
    public void HistogramPermutationTest_SeparatesEqualFromDifferent()
    {
        Assert.IsGreaterThan(0.5, SampleSizeTests.HistogramPValue(new[] { 50, 50 }, new[] { 100, 100 }));
        Assert.IsLessThan(0.01, SampleSizeTests.HistogramPValue(new[] { 100, 0 }, new[] { 100, 100 }));
        Assert.AreEqual(1.0, SampleSizeTests.HistogramPValue(new[] { 5 }, new[] { 7 }), "one mode: nothing to compare");
    }
}
