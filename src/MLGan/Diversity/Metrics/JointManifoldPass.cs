using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// Everything a sample needs from the reference set, from one blocked pass over the sample × reference
/// distances instead of one pass per metric: each sample row's nearest reference row, whether it lies in the
/// reference k = 3 manifold (precision) and in how many reference k = 5 balls (density); which reference k = 5
/// balls hold a sample row (coverage); and, given the sample's own k = 3 radii, which reference rows lie in the
/// sample manifold (recall). Ball tests use <see cref="ManifoldMetrics"/>' tolerances, so the results equal the
/// separate kernels'.
/// </summary>
internal static class JointManifoldPass
{
    public sealed record Result(
        long[] NearestReference, bool[] InsidePrecisionBalls, long[] DensityBallCounts, bool[] CoveredReferenceBalls, bool[]? ReferenceInsideSample);

    /// <param name="sample">Sample rows [n, d].</param>
    /// <param name="reference">Reference rows [m, d].</param>
    /// <param name="referenceRadiiK3">The reference's k = 3 radii [m].</param>
    /// <param name="referenceRadiiK5">The reference's k = 5 radii [m].</param>
    /// <param name="sampleRadiiK3">The sample's k = 3 radii [n], or null to skip recall.</param>
    /// <param name="blockRows">Sample rows per block; 0 chooses a cache-sized block.</param>
    public static Result Run(Tensor sample, Tensor reference, Tensor referenceRadiiK3, Tensor referenceRadiiK5, Tensor? sampleRadiiK3, int blockRows = 0)
    {
        MetricInputs.Rows(sample, nameof(sample), minRows: 0);
        MetricInputs.Rows(reference, nameof(reference));
        MetricInputs.SameFeatures(reference, nameof(reference), sample, nameof(sample));
        MetricInputs.Radii(referenceRadiiK3, nameof(referenceRadiiK3), reference, nameof(reference));
        MetricInputs.Radii(referenceRadiiK5, nameof(referenceRadiiK5), reference, nameof(reference));
        if (sampleRadiiK3 is not null)
            MetricInputs.Radii(sampleRadiiK3, nameof(sampleRadiiK3), sample, nameof(sample));
        MetricInputs.BlockRows(blockRows);

        long n = sample.shape[0], m = reference.shape[0];
        var nearest = new long[n];
        var inside = new bool[n];
        var counts = new long[n];
        var covered = new bool[m];
        var recalled = sampleRadiiK3 is null ? null : new bool[m];
        using var scope = NewDisposeScope();
        var (q, c) = DistanceBlocks.Centred(sample, reference);
        // ‖q − c‖² − η(‖q‖² + ‖c‖²) = tile + queryTerm, compared with (1 + τ) r² (see ManifoldMetrics).
        var queryTerms = DistanceBlocks.SquaredNorms(q).mul_(1 - ManifoldMetrics.RoundingAllowance);
        var centreTerms = DistanceBlocks.SquaredNorms(c).mul_(1 - ManifoldMetrics.RoundingAllowance);
        var limitK3 = Limits(referenceRadiiK3).unsqueeze(0);
        var limitK5 = Limits(referenceRadiiK5).unsqueeze(0);
        var sampleLimits = sampleRadiiK3 is null ? null : Limits(sampleRadiiK3);
        var coveredTensor = zeros(m, dtype: ScalarType.Bool);
        var recalledTensor = zeros(m, dtype: ScalarType.Bool);
        DistanceBlocks.ForEachBlock(q, c, centreTerms, blockRows, (start, tile) =>
        {
            long length = tile.shape[0];
            var distances = tile.add_(queryTerms.narrow(0, start, length).unsqueeze(1));
            distances.argmin(1).data<long>().CopyTo(nearest.AsSpan((int)start, (int)length));
            distances.le(limitK3).any(1).data<bool>().CopyTo(inside.AsSpan((int)start, (int)length));
            var inK5 = distances.le(limitK5);
            inK5.sum(1).data<long>().CopyTo(counts.AsSpan((int)start, (int)length));
            coveredTensor.logical_or_(inK5.any(0));
            if (sampleLimits is not null)
                recalledTensor.logical_or_(distances.le(sampleLimits.narrow(0, start, length).unsqueeze(1)).any(0));
        });
        coveredTensor.data<bool>().CopyTo(covered);
        if (recalled is not null)
            recalledTensor.data<bool>().CopyTo(recalled);
        return new Result(nearest, inside, counts, covered, recalled);
    }

    private static Tensor Limits(Tensor radii) => radii.to_type(ScalarType.Float64).square().mul_(1 + ManifoldMetrics.RadiusTolerance);
}
