using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// The shared engine of the nearest-neighbour kernels: squared Euclidean distances between every query row
/// and every reference row, one block of query rows at a time, in the matrix-product form
/// ‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r (one GEMM per block instead of per-pair work).
/// </summary>
/// <remarks>
/// <para>
/// Arithmetic is float64 on coordinates centred on the references' mean: in float32 the cancellation in
/// ‖q‖² + ‖r‖² − 2 q·r leaves an error of about 1e-7 × ‖q‖², larger than the squared nearest-neighbour
/// distances of tight clusters (e.g. the PacGAN ring's modes, std 0.01), so float32 would rank neighbours
/// at random there. Kernels that report a distance recompute it from the two rows' difference, so a reported
/// distance is accurate to float64 rounding of the distance itself and exact duplicates are exactly 0.
/// </para>
/// <para>
/// Memory is bounded by the block: a block of b query rows against m references holds a b × m float64 tile.
/// The automatic size, <see cref="DefaultTileElements"/> elements, keeps a tile in the processor's cache. Measured
/// on a 2-core machine (libtorch 2 threads), 50,000 rows against 50,000: k-th neighbour radii 3.7–4.5 s and a ball
/// test (precision) 3.5 s with 2 features; 9–10 s and 7–9 s with 64 features (there the float64 product itself
/// dominates). Tiles of 32M elements were 5–10× slower: the tile then streams through memory several times.
/// </para>
/// </remarks>
internal static class DistanceBlocks
{
    /// <summary>Elements of a block's distance tile when the caller asks for an automatic block size (2²¹: 16 MiB of float64).</summary>
    public const long DefaultTileElements = 1L << 21;

    /// <summary>
    /// Query rows per block: <paramref name="blockRows"/> when positive, otherwise as many as keep a tile
    /// against <paramref name="referenceRows"/> references within <see cref="DefaultTileElements"/> (at least 1).
    /// </summary>
    public static int RowsPerBlock(long queryRows, long referenceRows, int blockRows)
    {
        long limit = Math.Max(1, queryRows);
        long rows = blockRows > 0 ? blockRows : DefaultTileElements / Math.Max(1, referenceRows);
        return (int)Math.Clamp(rows, 1, Math.Min(limit, int.MaxValue));
    }

    /// <summary>A float64 copy of <paramref name="rows"/> with its column means subtracted (in the current dispose scope).</summary>
    public static Tensor Centred(Tensor rows)
    {
        var values = rows.to_type(ScalarType.Float64, copy: true);
        return values.sub_(values.mean(new long[] { 0 }, keepdim: true));
    }

    /// <summary>
    /// float64 copies of <paramref name="queries"/> and <paramref name="references"/>, both with the references'
    /// column means subtracted (distances do not change; cancellation error shrinks).
    /// </summary>
    public static (Tensor Queries, Tensor References) Centred(Tensor queries, Tensor references)
    {
        var r = references.to_type(ScalarType.Float64, copy: true);
        var centre = r.mean(new long[] { 0 }, keepdim: true);
        var q = queries.to_type(ScalarType.Float64, copy: true).sub_(centre);
        return (q, r.sub_(centre));
    }

    /// <summary>Squared norms of the rows of <paramref name="rows"/>, shape [n].</summary>
    public static Tensor SquaredNorms(Tensor rows) => rows.square().sum(1);

    /// <summary>
    /// Calls <paramref name="block"/>(start, tile) for consecutive blocks of query rows, where
    /// tile[i, j] = referenceTerms[j] − 2 queries[start + i] · references[j] (shape [rows in block, m]).
    /// With referenceTerms = ‖r‖², adding ‖q_i‖² to row i gives squared distances; row-wise minima and orderings
    /// need no addition at all. Each call runs inside its own dispose scope: the callback must copy what it
    /// keeps into tensors created outside (e.g. <c>result.narrow(0, start, n).copy_(...)</c>) or into managed arrays.
    /// </summary>
    /// <param name="queries">float64 [n, d].</param>
    /// <param name="references">float64 [m, d].</param>
    /// <param name="referenceTerms">float64 [m].</param>
    public static void ForEachBlock(Tensor queries, Tensor references, Tensor referenceTerms, int blockRows, Action<long, Tensor> block)
    {
        long n = queries.shape[0];
        int rows = RowsPerBlock(n, references.shape[0], blockRows);
        using var outer = NewDisposeScope();
        // [−2 r, term] per reference, transposed once: a block's tile is one product [q, 1] · this.
        var referencesT = cat(new[] { references * -2.0, referenceTerms.unsqueeze(1) }, 1).t().contiguous();
        for (long start = 0; start < n; start += rows)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(rows, n - start);
            var q = queries.narrow(0, start, length);
            var augmented = cat(new[] { q, ones(length, 1, dtype: q.dtype, device: q.device) }, 1);
            block(start, augmented.mm(referencesT));
        }
    }
}
