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

        var distance = new float[count];
        var inManifold = new bool[count];
        var mode = new int[count];
        var highQuality = new bool[count];
        reference.ScoreRows(fake, distance, inManifold, mode, highQuality);
        var histogram = new int[reference.ModeCount];
        for (int i = 0; i < count; i++)
        {
            if (highQuality[i])
                histogram[mode[i]]++;
        }

        var fakeRadii = NearestNeighbors.KthNeighborDistances(fake, DiversityReference.PrecisionRecallK);
        var ndb = Ndb.Compute(reference.BinCentersTensor, reference.BinProportions, reference.RowCount, fake);
        var metrics = new DiversityMetrics
        {
            SampleCount = count,
            ModesCaptured = histogram.Count(h => h > 0),
            TotalModes = reference.ModeCount,
            HighQualityShare = highQuality.Count(h => h) / (double)count,
            ReverseKL = ModeDivergence.ReverseKL(histogram, reference.ModeWeights),
            ModeHistogram = histogram,
            Precision = inManifold.Count(b => b) / (double)count,
            Recall = ManifoldMetrics.Recall(reference.RowsTensor, fake, fakeRadii),
            Density = ManifoldMetrics.Density(reference.RowsTensor, reference.RadiiK5Tensor, fake, DiversityReference.DensityCoverageK),
            Coverage = ManifoldMetrics.Coverage(reference.RowsTensor, reference.RadiiK5Tensor, fake),
            FrechetDistance = MLGan.Diversity.FrechetDistance.Between(FeatureStatistics.Of(fake), reference.Statistics),
            DifferentBins = ndb.DifferentBins,
            TotalBins = ndb.TotalBins,
            DuplicateRate = Duplicates.Rate(fake, reference.DuplicateRadius),
        };
        var (reasons, notes) = criteria.Judge(metrics, reference.ModeWeights);
        return metrics with { Reasons = reasons, Notes = notes };
    }
}
