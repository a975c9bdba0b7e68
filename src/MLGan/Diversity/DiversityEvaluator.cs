using static TorchSharp.torch;
using MLGan.Tensors;

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
        // The sample's own k = 3 radii (recall), never smaller than the data's resolution, like the reference's.
        var fakeRadii = NearestNeighbors.KthNeighborDistances(fake, DiversityReference.PrecisionRecallK).ClampMin(reference.DuplicateRadius);
        var scores = reference.ScoreRows(fake, fakeRadii);
        var joint = scores.Joint;
        var histogram = new int[reference.ModeCount];
        for (int i = 0; i < count; i++)
        {
            if (scores.HighQuality[i])
                histogram[scores.Mode[i]]++;
        }
        int comparedSize = Math.Min(count, reference.RowCount);
        var ndb = Ndb.Compute(reference.BinCentersTensor, reference.BinProportions, reference.RowCount, fake);
        var metrics = new DiversityMetrics
        {
            SampleCount = count,
            ReferenceCount = reference.RowCount,
            ModesCaptured = histogram.Count(h => h > 0),
            TotalModes = reference.ModeCount,
            HighQualityShare = Share(scores.HighQuality),
            ReverseKL = ModeDivergence.ReverseKL(histogram, reference.ModeWeights),
            ReverseKLToUniform = ModeDivergence.ReverseKL(histogram, Enumerable.Repeat(1.0, reference.ModeCount).ToArray()),
            ModeHistogram = histogram,
            MissingModes = Enumerable.Range(0, reference.ModeCount).Count(j => histogram[j] == 0
                && SampleSizeTests.ZeroHitsPValue(reference.ModeHitCounts[j], reference.RowCount, count) < criteria.SignificanceLevel / reference.ModeCount),
            ModeHistogramPValue = SampleSizeTests.HistogramPValue(histogram, reference.ModeHitCounts),
            Precision = Share(joint.InsidePrecisionBalls),
            Recall = Share(joint.ReferenceInsideSample!),
            Density = joint.DensityBallCounts.Sum() / ((double)DiversityReference.DensityCoverageK * count),
            Coverage = Share(joint.CoveredReferenceBalls),
            FrechetDistance = MLGan.Diversity.FrechetDistance.Between(FeatureStatistics.Of(fake), reference.Statistics),
            DifferentBins = ndb.DifferentBins,
            TotalBins = ndb.TotalBins,
            DuplicateRate = Duplicates.RateInChunks(fake, comparedSize, reference.DuplicateRadius),
            ReferenceDuplicateRate = SampleSizeTests.ExpectedDuplicateRate(reference.NeighbourCounts, comparedSize),
            DuplicateComparisonSize = comparedSize,
        };
        var (reasons, notes) = criteria.Judge(metrics, reference);
        return metrics with { Reasons = reasons, Notes = notes };
    }

    private static double Share(bool[] flags) => flags.Count(f => f) / (double)flags.Length;
}
