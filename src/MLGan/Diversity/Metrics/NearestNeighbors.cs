using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// Exact (brute-force) nearest-neighbour queries in Euclidean distance, computed in blocks of query rows
/// (see <see cref="DistanceBlocks"/>): k-th nearest other point of each point of a set, which gives the k-NN
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
        var indices = NeighborIndices(points, ks.Max(), ks.Min(), blockRows);
        return ks.Select(k => ExactSquaredDistances(points, points, indices.select(1, k - 1)).sqrt().to_type(ScalarType.Float32).MoveToOuterDisposeScope()).ToArray();
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
        var indices = NeighborIndices(points, k, k, blockRows).select(1, k - 1);
        var squared = ExactSquaredDistances(points, points, indices);
        return (squared.MoveToOuterDisposeScope(), indices.MoveToOuterDisposeScope());
    }

    /// <summary>Indices of each point's 1st to <paramref name="kMax"/>-th nearest other points (int64 [n, kMax]), in one blocked pass.</summary>
    private static Tensor NeighborIndices(Tensor points, int kMax, int kMin, int blockRows)
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
        var centred = DistanceBlocks.Centred(points);
        var indices = empty(n, kMax, dtype: ScalarType.Int64, device: points.device);
        DistanceBlocks.ForEachBlock(centred, centred, DistanceBlocks.SquaredNorms(centred), blockRows, (start, tile) =>
        {
            long length = tile.shape[0];
            // The block's own rows are columns start..start+length: exclude each point from its own neighbours.
            tile.narrow(1, start, length).diagonal().fill_(double.PositiveInfinity);
            var (_, nearest) = tile.topk(kMax, dim: 1, largest: false, sorted: true);
            indices.narrow(0, start, length).copy_(nearest);
        });
        return indices.MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Nearest"/> before the square root: float64 squared distances [n] and int64 indices [n].</summary>
    internal static (Tensor SquaredDistances, Tensor Indices) NearestSquared(Tensor queries, Tensor references, int blockRows = 0)
    {
        MetricInputs.Rows(queries, nameof(queries), minRows: 0);
        MetricInputs.Rows(references, nameof(references));
        MetricInputs.SameFeatures(references, nameof(references), queries, nameof(queries));
        MetricInputs.BlockRows(blockRows);

        using var scope = NewDisposeScope();
        var (q, r) = DistanceBlocks.Centred(queries, references);
        var indices = empty(queries.shape[0], dtype: ScalarType.Int64, device: queries.device);
        DistanceBlocks.ForEachBlock(q, r, DistanceBlocks.SquaredNorms(r), blockRows, (start, tile) =>
        {
            var (_, nearest) = tile.min(1);
            indices.narrow(0, start, tile.shape[0]).copy_(nearest);
        });
        var squared = ExactSquaredDistances(queries, references, indices);
        return (squared.MoveToOuterDisposeScope(), indices.MoveToOuterDisposeScope());
    }

    /// <summary>‖queries[i] − references[indices[i]]‖² in float64 from the rows' difference (no cancellation).</summary>
    internal static Tensor ExactSquaredDistances(Tensor queries, Tensor references, Tensor indices)
    {
        var q = queries.to_type(ScalarType.Float64);
        var r = references.to_type(ScalarType.Float64).index_select(0, indices);
        return (q - r).square().sum(1);
    }
}
