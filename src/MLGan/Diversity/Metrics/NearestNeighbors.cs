using TorchSharp;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// Exact nearest-neighbour queries in Euclidean distance, over the pairs that can matter in blocks of query rows
/// (see <see cref="CellBlocks"/>): k-th nearest other point of each point of a set, which gives the k-NN
/// radii of the manifold estimates of Kynkäänniemi et al. 2019 ("Improved precision and recall metric for
/// assessing generative models") and Naeem et al. 2020 ("Reliable fidelity and diversity metrics for
/// generative models"), and the nearest reference of each query.
/// </summary>
/// <remarks>
/// Inputs are float32 tensors [rows, features] (float64 is accepted too); distances come back as float32
/// Euclidean distances, indices as int64. <c>blockRows</c> = 0 chooses a block size that keeps each block's
/// distance tile within <see cref="DistanceBlocks.DefaultTileElements"/> elements; a positive value fixes the
/// number of query rows per block (results do not depend on it). Neighbours are ranked on float64 distances;
/// the reported distance is then recomputed from the two rows' difference.
/// </remarks>
internal static class NearestNeighbors
{
    /// <summary>
    /// Euclidean distance from each point to its <paramref name="k"/>-th nearest <em>other</em> point of the
    /// set, shape [n] (float32). A point is excluded from its own neighbours by index, so a duplicate of it
    /// counts as a neighbour at distance 0.
    /// </summary>
    /// <exception cref="ArgumentException">k &lt; 1, or the set has k or fewer points (no k-th other point).</exception>
    public static Tensor KthNeighborDistances(Tensor points, int k, int blockRows = 0)
    {
        using var scope = NewDisposeScope();
        var (squared, _) = KthNeighborSquared(points, k, blockRows);
        return squared.sqrt().to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <see cref="KthNeighborDistances(Tensor, int, int)"/> for several k in one pass over the set: one float32 [n]
    /// tensor per entry of <paramref name="ks"/>.
    /// </summary>
    public static Tensor[] KthNeighborDistancesForEach(Tensor points, IReadOnlyList<int> ks, int blockRows = 0)
    {
        if (ks.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(ks), "at least one k is needed");
        using var scope = NewDisposeScope();
        var (squared, _) = NeighborSquared(points, ks.Max(), ks.Min(), blockRows);
        return ks.Select(k => squared.select(1, k - 1).sqrt().to_type(ScalarType.Float32).MoveToOuterDisposeScope()).ToArray();
    }

    /// <summary>Euclidean distance from each point to its nearest other point, shape [n]: <see cref="KthNeighborDistances(Tensor, int, int)"/> with k = 1.</summary>
    public static Tensor NearestOtherDistances(Tensor points, int blockRows = 0) => KthNeighborDistances(points, 1, blockRows);

    /// <summary>
    /// The nearest reference row of each query row: Euclidean distances (float32 [n]) and reference indices
    /// (int64 [n]). Among equally near references the choice is unspecified.
    /// </summary>
    public static (Tensor Distances, Tensor Indices) Nearest(Tensor queries, Tensor references, int blockRows = 0)
    {
        using var scope = NewDisposeScope();
        var (squared, indices) = NearestSquared(queries, references, blockRows);
        var distances = squared.sqrt().to_type(ScalarType.Float32);
        return (distances.MoveToOuterDisposeScope(), indices.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// <see cref="KthNeighborDistances"/> before the square root: float64 squared distances [n] and the index of
    /// each point's k-th nearest other point (int64 [n]).
    /// </summary>
    internal static (Tensor SquaredDistances, Tensor Indices) KthNeighborSquared(Tensor points, int k, int blockRows = 0)
    {
        using var scope = NewDisposeScope();
        var (squared, indices) = NeighborSquared(points, k, k, blockRows);
        return (squared.select(1, k - 1).MoveToOuterDisposeScope(), indices.select(1, k - 1).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Squared distances (float64) and indices (int64) of each point's 1st to <paramref name="kMax"/>-th nearest other
    /// points, [n, kMax] each, in one pass over the cell blocks.
    /// </summary>
    private static (Tensor SquaredDistances, Tensor Indices) NeighborSquared(Tensor points, int kMax, int kMin, int blockRows)
    {
        MetricInputs.Rows(points, nameof(points));
        MetricInputs.BlockRows(blockRows);
        if (kMin < 1)
            throw new ArgumentOutOfRangeException("k", kMin, $"k must be at least 1 (got {kMin}).");
        long n = points.shape[0];
        if (n <= kMax)
            throw new ArgumentException(
                $"The {kMax}-th nearest neighbour needs more than {kMax} points; {nameof(points)} has {n}. Use more samples or a smaller k.", nameof(points));

        using var scope = NewDisposeScope();
        var cells = RowCells.Build(points.to_type(ScalarType.Float64));
        var indices = empty(n, kMax, dtype: ScalarType.Int64, device: points.device);
        var columns = HeldScalarOps.Range(kMax + 1, points.device).unsqueeze(0);
        using var lastColumn = kMax.ToScalar();
        CellBlocks.ForEach(cells, cells, kMax, excludeSelf: true, null, null, blockRows, block =>
        {
            // The k + 1 nearest include the point itself unless k + 1 duplicates of it tie at distance 0: drop the
            // point where it is among them, otherwise the farthest. (Cheaper than masking the tile's diagonal.)
            var (_, nearest) = block.Tile.topk(kMax + 1, dim: 1, largest: false, sorted: true);
            var found = block.ReferenceIndices.index_select(0, nearest.reshape(-1)).reshape(nearest.shape);
            var self = found.eq(block.QueryIndices.unsqueeze(1));
            var dropped = where(self.any(1), self.to_type(ScalarType.Int64).argmax(1), full_like(block.QueryIndices, lastColumn));
            indices.index_copy_(0, block.QueryIndices, found.masked_select(columns.ne(dropped.unsqueeze(1))).reshape(-1, kMax));
        });
        var x = cells.Rows;
        var squared = (x.unsqueeze(1) - x.index_select(0, indices.reshape(-1)).reshape(n, kMax, -1)).Squared().sum(2);
        return (squared.MoveToOuterDisposeScope(), indices.MoveToOuterDisposeScope());
    }

    /// <summary><see cref="Nearest"/> before the square root: float64 squared distances [n] and int64 indices [n].</summary>
    internal static (Tensor SquaredDistances, Tensor Indices) NearestSquared(Tensor queries, Tensor references, int blockRows = 0)
    {
        MetricInputs.Rows(queries, nameof(queries), minRows: 0);
        MetricInputs.Rows(references, nameof(references));
        MetricInputs.SameFeatures(references, nameof(references), queries, nameof(queries));
        MetricInputs.BlockRows(blockRows);

        using var scope = NewDisposeScope();
        var indices = empty(queries.shape[0], dtype: ScalarType.Int64, device: queries.device);
        var (queryCells, referenceCells) = RowCells.ForPairs(queries, references);
        CellBlocks.ForEach(queryCells, referenceCells, 1, excludeSelf: false, null, null, blockRows, block =>
            indices.index_copy_(0, block.QueryIndices, block.ReferenceIndices.index_select(0, block.Tile.argmin(1))));
        var squared = ExactSquaredDistances(queries, references, indices);
        return (squared.MoveToOuterDisposeScope(), indices.MoveToOuterDisposeScope());
    }

    /// <summary>‖queries[i] − references[indices[i]]‖² in float64 from the rows' difference (no cancellation).</summary>
    internal static Tensor ExactSquaredDistances(Tensor queries, Tensor references, Tensor indices)
    {
        var q = queries.to_type(ScalarType.Float64);
        var r = references.to_type(ScalarType.Float64).index_select(0, indices);
        return (q - r).Squared().sum(1);
    }
}
