using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>Computes <see cref="DiversityMetrics"/> of a sample against a fitted <see cref="DiversityReference"/>.</summary>
internal static class DiversityEvaluator
{
    public static DiversityMetrics Evaluate(DiversityReference reference, float[] sample, CollapseCriteria criteria)
    {
        int size = reference.FeatureSize;
        int count = sample.Length / size;
        int minimum = DiversityReference.DensityCoverageK + 2;
        if (count < minimum)
            throw new InvalidOperationException($"Diversity metrics need at least {minimum} sample rows (got {count}); generate more rows.");

        using var scope = NewDisposeScope();
        var fake = DiversityReference.Matrix(sample, size);
        // Two passes over pairs of rows: sample x sample (its own radii), then sample x reference (everything else).
        var fakeRadii = NearestNeighbors.KthNeighborDistancesForEach(fake, new[] { DiversityReference.PrecisionRecallK, 1 });
        var scores = reference.ScoreRows(fake, fakeRadii[0]);
        var joint = scores.Joint;
        var histogram = new int[reference.ModeCount];
        for (int i = 0; i < count; i++)
        {
            if (scores.HighQuality[i])
                histogram[scores.Mode[i]]++;
        }

        var ndb = Ndb.Compute(reference.BinCentersTensor, reference.BinProportions, reference.RowCount, fake);
        var metrics = new DiversityMetrics
        {
            SampleCount = count,
            ModesCaptured = histogram.Count(h => h > 0),
            TotalModes = reference.ModeCount,
            HighQualityShare = Share(scores.HighQuality),
            ReverseKL = ModeDivergence.ReverseKL(histogram, reference.ModeWeights),
            ModeHistogram = histogram,
            Precision = Share(joint.InsidePrecisionBalls),
            Recall = Share(joint.ReferenceInsideSample!),
            Density = joint.DensityBallCounts.Sum() / ((double)DiversityReference.DensityCoverageK * count),
            Coverage = Share(joint.CoveredReferenceBalls),
            FrechetDistance = MLGan.Diversity.FrechetDistance.Between(FeatureStatistics.Of(fake), reference.Statistics),
            DifferentBins = ndb.DifferentBins,
            TotalBins = ndb.TotalBins,
            DuplicateRate = fakeRadii[1].le(reference.DuplicateRadius).to_type(ScalarType.Float64).mean().item<double>(),
        };
        var (reasons, notes) = criteria.Judge(metrics, reference.ModeWeights);
        return metrics with { Reasons = reasons, Notes = notes };
    }

    private static double Share(bool[] flags) => flags.Count(f => f) / (double)flags.Length;
}
