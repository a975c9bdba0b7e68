using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;

namespace MLGan.Tests.Diversity;

/// <summary>The scorer and the collapse verdict on constructed sets whose answers are known.</summary>
[TestClass]
public sealed class DiversityScoringTests
{
    private static readonly GaussianMixture Ring = GaussianMixture.Ring();

    private sealed class ScoredRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
        public float DistanceToReference { get; set; }
        public bool InReferenceManifold { get; set; }
        public int Mode { get; set; }
        public bool IsHighQuality { get; set; }
    }

    private static (MLContext Ml, DiversityScoringTransformer Scorer) RingScorer()
    {
        var ml = new MLContext(1);
        var options = Ring.ScoringOptions();
        options.Seed = 1;
        return (ml, ml.Gan().Transforms.ScoreDiversity(options).Fit(TestData.Rows(ml, Ring.Sample(2000, seed: 1))));
    }

    private static DiversityMetrics Evaluate(IEnumerable<float[]> sample)
    {
        var (ml, scorer) = RingScorer();
        using (scorer)
            return ml.Gan().Evaluate(scorer.Transform(TestData.Rows(ml, sample)));
    }

    [TestMethod]
    public void AllModesEvenlyCovered_IsHealthy()
    {
        var m = Evaluate(Ring.Sample(2000, seed: 2));
        Assert.AreEqual(8, m.ModesCaptured);
        Assert.AreEqual(8, m.TotalModes);
        Assert.IsGreaterThan(0.97, m.HighQualityShare);
        Assert.IsLessThan(0.01, m.ReverseKL);
        Assert.IsGreaterThan(0.9, m.Precision);
        Assert.IsGreaterThan(0.9, m.Recall);
        Assert.IsGreaterThan(0.9, m.Coverage);
        Assert.AreEqual(1.0, m.Density, 0.2);
        Assert.IsLessThan(0.01, m.DuplicateRate);
        Assert.IsFalse(m.IsCollapsed, m.ToString());
    }

    [TestMethod]
    public void HalfTheModes_IsCollapsed_WithKLOfLog2()
    {
        var four = new GaussianMixture(Ring.Centers.Where((_, i) => i % 2 == 0).ToArray(), Ring.StandardDeviation);
        var m = Evaluate(four.Sample(2000, seed: 3));
        Assert.AreEqual(4, m.ModesCaptured);
        // Uniform over 4 of 8 modes: KL = Σ 1/4 ln((1/4)/(1/8)) = ln 2, up to sampling noise.
        Assert.AreEqual(Math.Log(2), m.ReverseKLToUniform, 0.01);
        Assert.AreEqual(Math.Log(2), m.ReverseKL, 0.06, "against the measured, nearly equal weights");
        Assert.AreEqual(4, m.MissingModes, "each missing mode holds ~250 of 2,000 reference rows: zero hits in 2,000 is no accident");
        Assert.AreEqual(0.5, m.Recall, 0.1);
        Assert.AreEqual(0.5, m.Coverage, 0.1);
        Assert.IsGreaterThan(0.9, m.Precision);
        Assert.IsTrue(m.IsCollapsed);
        Assert.IsTrue(m.Reasons.Any(r => r.StartsWith("4 of 8 modes have no high-quality sample")), string.Join("\n", m.Reasons));
    }

    [TestMethod]
    public void OnePointRepeated_IsTotalCollapse()
    {
        var m = Evaluate(Enumerable.Repeat(new[] { 1f, 0f }, 500));
        Assert.AreEqual(1, m.ModesCaptured);
        Assert.AreEqual(1.0, m.DuplicateRate);
        Assert.AreEqual(Math.Log(8), m.ReverseKLToUniform, 1e-9);
        Assert.IsLessThan(0.01, m.Recall);
        Assert.IsLessThan(0.15, m.Coverage);
        Assert.IsTrue(m.Reasons.Any(r => r.Contains("near-duplicates")));
        Assert.IsTrue(m.Reasons.Any(r => r.Contains("1 of 8 modes hold 90%")), string.Join("\n", m.Reasons));
    }

    [TestMethod]
    public void OffTheManifold_HasNoPrecisionNorQuality()
    {
        var far = new GaussianMixture(Ring.Centers.Select(c => new[] { 3 * c[0], 3 * c[1] }).ToArray(), 0.01f);
        var m = Evaluate(far.Sample(800, seed: 4));
        Assert.AreEqual(0.0, m.Precision);
        Assert.AreEqual(0.0, m.HighQualityShare);
        Assert.AreEqual(0, m.ModesCaptured);
        Assert.AreEqual(0.0, m.Coverage);
        Assert.IsTrue(m.Notes.Any(n => n.Contains("precision 0.00")));
        Assert.IsGreaterThan(3.0, m.FrechetDistance, "means are 2x further out: ||Δμ||² ≈ 0 but spread differs");
    }

    [TestMethod]
    public void PerfectCopyOfTheReference_ScoresPerfectly()
    {
        var (ml, scorer) = RingScorer();
        using (scorer)
        {
            var m = ml.Gan().Evaluate(scorer, TestData.Rows(ml, Ring.Sample(2000, seed: 1)));
            Assert.AreEqual(1.0, m.Precision);
            Assert.AreEqual(1.0, m.Recall);
            Assert.AreEqual(1.0, m.Coverage);
            Assert.AreEqual(0.0, m.FrechetDistance, 1e-6);
            Assert.AreEqual(0, m.DifferentBins);
            Assert.IsFalse(m.IsCollapsed);
        }
    }

    [TestMethod]
    public void SmallCase_MatchesHandComputedValues()
    {
        var ml = new MLContext(1);
        // Reference: (0, 0), (0.1, 0), ..., (0.9, 0) and (10, 0), ..., (10.9, 0); modes given at (0, 0) and (10, 0) with radius 1.
        var reference = Enumerable.Range(0, 20).Select(i => new[] { (i < 10 ? 0f : 10f) + 0.1f * (i % 10), 0f }).ToArray();
        var options = new DiversityScoringOptions { ModeCenters = new[] { new[] { 0f, 0f }, new[] { 10f, 0f } }, QualityRadius = 1, Seed = 1, NdbBins = 2 };
        using var scorer = ml.Gan().Transforms.ScoreDiversity(options).Fit(TestData.Rows(ml, reference));
        var sample = new[] { new[] { 0f, 0.5f }, new[] { 0.2f, 0f }, new[] { 10f, 3f }, new[] { 0.1f, 0.1f }, new[] { 0.3f, 0f }, new[] { 0.4f, 0f }, new[] { 0.5f, 0.05f } };
        var rows = ml.Data.CreateEnumerable<ScoredRow>(scorer.Transform(TestData.Rows(ml, sample)), false).ToArray();
        CollectionAssert.AreEqual(new[] { 0, 0, 1, 0, 0, 0, 0 }, rows.Select(r => r.Mode).ToArray());
        CollectionAssert.AreEqual(new[] { true, true, false, true, true, true, true }, rows.Select(r => r.IsHighQuality).ToArray());
        // (10, 3): the nearest reference point is (10, 0), at distance 3.
        Assert.AreEqual(3f, rows[2].DistanceToReference, 1e-6f);
        Assert.AreEqual(0f, rows[1].DistanceToReference, "(0.2, 0) is reference point 2");

        var m = scorer.Evaluate(TestData.Rows(ml, sample));
        Assert.AreEqual(1, m.ModesCaptured);
        Assert.AreEqual(6.0 / 7, m.HighQualityShare, 1e-9);
        // High-quality histogram [6, 0] against weights [1/2, 1/2]: KL = 1 * ln(1 / 0.5) = ln 2.
        Assert.AreEqual(Math.Log(2), m.ReverseKL, 1e-9);
        CollectionAssert.AreEqual(new[] { 6, 0 }, m.ModeHistogram.ToArray());
    }

    [TestMethod]
    public void RowColumns_AgreeWithEvaluate()
    {
        var (ml, scorer) = RingScorer();
        using (scorer)
        {
            var sample = TestData.Rows(ml, Ring.Sample(700, seed: 9).Take(500).Concat(Enumerable.Repeat(new[] { 0f, 0f }, 200)));
            var rows = ml.Data.CreateEnumerable<ScoredRow>(scorer.Transform(sample), false).ToArray();
            var m = scorer.Evaluate(sample);
            Assert.AreEqual(rows.Count(r => r.IsHighQuality) / (double)rows.Length, m.HighQualityShare, 1e-12);
            Assert.AreEqual(rows.Count(r => r.InReferenceManifold) / (double)rows.Length, m.Precision, 1e-12);
            for (int mode = 0; mode < 8; mode++)
                Assert.AreEqual(rows.Count(r => r.IsHighQuality && r.Mode == mode), m.ModeHistogram[mode]);
        }
    }

    [TestMethod]
    public void KMeansModes_FoundAutomatically()
    {
        var ml = new MLContext(1);
        var blobs = new GaussianMixture(new[] { new[] { 0f, 0f }, new[] { 5f, 5f }, new[] { -5f, 5f } }, 0.3f);
        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 2 }).Fit(TestData.Rows(ml, blobs.Sample(900, seed: 1)));
        Assert.HasCount(3, scorer.ModeCenters);
        Assert.AreEqual(1.0, scorer.ModeWeights.Sum(), 1e-9);
        var healthy = scorer.Evaluate(TestData.Rows(ml, blobs.Sample(900, seed: 2)));
        Assert.IsFalse(healthy.IsCollapsed, healthy.ToString());
        var oneBlob = new GaussianMixture(new[] { new[] { 5f, 5f } }, 0.3f);
        var collapsed = scorer.Evaluate(TestData.Rows(ml, oneBlob.Sample(900, seed: 3)));
        Assert.IsTrue(collapsed.IsCollapsed);
        Assert.AreEqual(1, collapsed.ModesCaptured);
    }

    [TestMethod]
    public void Estimator_PassesConformanceChecks_AndRoundTrips()
    {
        var ml = new MLContext(1);
        var invalid = ml.Data.LoadFromEnumerable(new[] { new { Other = 1f } });
        var options = Ring.ScoringOptions();
        options.Seed = 3;
        using var scorer = EstimatorChecks.Run(ml.Gan().Transforms.ScoreDiversity(options), TestData.Rows(ml, Ring.Sample(400, seed: 1)), invalid);
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-scorer-{Guid.NewGuid():N}.zip");
        try
        {
            var sample = TestData.Rows(ml, Ring.Sample(300, seed: 5));
            ml.Model.Save(scorer, sample.Schema, path);
            using var loaded = (DiversityScoringTransformer)ml.Gan().LoadModel(path, out _);
            Assert.AreEqual(scorer.Evaluate(sample), loaded.Evaluate(sample));
            Assert.AreEqual(scorer.DuplicateRadius, loaded.DuplicateRadius);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void PredictionEngine_ScoresOneRow()
    {
        var (ml, scorer) = RingScorer();
        using (scorer)
        {
            var engine = ml.Model.CreatePredictionEngine<TestData.Row2, ScoredRow>(scorer);
            var onMode = engine.Predict(new TestData.Row2 { Features = new[] { 0f, 1f } });
            Assert.IsTrue(onMode.IsHighQuality);
            Assert.AreEqual(2, onMode.Mode, "(0, 1) is the third ring centre");
            var between = engine.Predict(new TestData.Row2 { Features = new[] { 0f, 0f } });
            Assert.IsFalse(between.IsHighQuality);
            Assert.IsFalse(between.InReferenceManifold);
        }
    }

    [TestMethod]
    public void BadInput_SaysWhatIsWrong()
    {
        var ml = new MLContext(1);
        var data = TestData.Rows(ml, Ring.Sample(50, seed: 1));
        var ex = Assert.Throws<ArgumentException>(() => ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { ModeCenters = new[] { new[] { 0f, 0f } } }));
        StringAssert.Contains(ex.Message, "DiversityScoringOptions.QualityRadius");
        var wrongSize = new DiversityScoringOptions { ModeCenters = new[] { new[] { 0f, 0f, 0f } }, QualityRadius = 1 };
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => ml.Gan().Transforms.ScoreDiversity(wrongSize).Fit(data)).Message, "have 3 values each");
        StringAssert.Contains(Assert.Throws<InvalidOperationException>(() => ml.Gan().Transforms.ScoreDiversity().Fit(TestData.Rows(ml, Ring.Sample(5, 1)))).Message, "at least 20");

        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { NumberOfModes = 2, Seed = 1 }).Fit(data);
        var threeWide = ml.Data.LoadFromEnumerable(new[] { new ThreeWide() });
        StringAssert.Contains(Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Transform(threeWide)).Message, "has 3 values per row");
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => ml.Gan().Evaluate(data)).Message, "DiversityScoringTransformer");
        StringAssert.Contains(Assert.Throws<InvalidOperationException>(() => scorer.Evaluate(TestData.Rows(ml, Ring.Sample(3, 1)))).Message, "at least 7 sample rows");
    }

    private sealed class ThreeWide
    {
        [VectorType(3)]
        public float[] Features { get; set; } = new float[3];
    }
}
