using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// Everything a sample needs from the reference set, from one pass over the sample × reference pairs that can
/// matter (<see cref="CellBlocks"/>) instead of one per metric: each sample row's nearest reference row and its
/// distance, whether the row lies in the reference k = 3 manifold (precision) and in how many reference k = 5 balls
/// (density); which reference k = 5 balls hold a sample row (coverage); and, given the sample's own k = 3 radii,
/// which reference rows lie in the sample manifold (recall). Ball tests are <see cref="ManifoldMetrics"/>' own, so the results equal the
/// separate kernels'.
/// </summary>
internal static class JointManifoldPass
{
    public sealed record Result(
        long[] NearestReference, float[] NearestDistance, bool[] InsidePrecisionBalls, long[] DensityBallCounts, bool[] CoveredReferenceBalls,
        bool[]? ReferenceInsideSample);

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
        using var scope = NewDisposeScope();
        var (sampleCells, referenceCells) = RowCells.ForPairs(sample, reference);
        var limitK3 = ManifoldMetrics.SquaredLimits(referenceRadiiK3);
        var limitK5 = ManifoldMetrics.SquaredLimits(referenceRadiiK5);
        var sampleLimits = sampleRadiiK3 is null ? null : ManifoldMetrics.SquaredLimits(sampleRadiiK3);
        var nearest = empty(n, dtype: ScalarType.Int64);
        var inside = zeros(n, dtype: ScalarType.Bool);
        var counts = zeros(n, dtype: ScalarType.Int64);
        var covered = zeros(m, dtype: ScalarType.Bool);
        var recalled = zeros(m, dtype: ScalarType.Bool);
        // k = 3 radii never exceed k = 5 radii, so the k = 5 radii (and the sample's own) reach every ball test.
        CellBlocks.ForEach(sampleCells, referenceCells, 1, excludeSelf: false, sampleRadiiK3?.to_type(ScalarType.Float64),
            referenceRadiiK5.to_type(ScalarType.Float64), blockRows, block =>
        {
            var (rows, columns, distances) = (block.QueryIndices, block.ReferenceIndices, block.Tile);
            nearest.index_copy_(0, rows, columns.index_select(0, distances.argmin(1)));
            inside.index_copy_(0, rows, distances.le(limitK3.index_select(0, columns)).any(1));
            var inK5 = distances.le(limitK5.index_select(0, columns));
            counts.index_copy_(0, rows, inK5.sum(1));
            covered.index_fill_(0, columns.masked_select(inK5.any(0)), HeldScalarOps.True);
            if (sampleLimits is not null)
                recalled.index_fill_(0, columns.masked_select(distances.le(sampleLimits.index_select(0, rows).unsqueeze(1)).any(0)), HeldScalarOps.True);
        });
        var nearestDistance = NearestNeighbors.ExactSquaredDistances(sample, reference, nearest).sqrt_().to_type(ScalarType.Float32);
        return new Result(
            nearest.data<long>().ToArray(),
            nearestDistance.data<float>().ToArray(),
            inside.data<bool>().ToArray(),
            counts.data<long>().ToArray(),
            covered.data<bool>().ToArray(),
            sampleRadiiK3 is null ? null : recalled.data<bool>().ToArray());
    }
}
