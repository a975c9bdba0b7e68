using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// Dense pair tiles: ‖q‖² + ‖r‖² − 2 q·r between every query row and every reference row, one block of query rows at
/// a time, as one matrix product per block instead of per-pair work. <see cref="CellBlocks"/> uses it on the pairs
/// that can matter; the silhouette and cell assignment use it directly.
/// </summary>
/// <remarks>
/// Memory is bounded by the block: a block of b query rows against m references holds a b × m tile. The automatic
/// size, <see cref="DefaultTileElements"/> elements, keeps the tile near the processor's cache; tiles of 32M
/// elements were 5–10× slower on a 2-core machine, because every pass over the tile then streams through memory.
/// The product form cancels: its error is about d × 1e-16 × (‖q‖² + ‖r‖²) in float64, so callers centre the
/// coordinates near the rows they compare and recompute reported distances from the rows' difference.
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

    /// <summary>Squared norms of the rows of <paramref name="rows"/>, shape [n].</summary>
    public static Tensor SquaredNorms(Tensor rows) => rows.Squared().sum(1);

    /// <summary>
    /// Calls <paramref name="block"/>(start, tile) for consecutive blocks of query rows, where
    /// tile[i, j] = queryTerms[start + i] + referenceTerms[j] − 2 queries[start + i] · references[j] (shape [rows in
    /// block, m]), all in the inputs' floating-point type. With the terms ‖q‖² and ‖r‖² the tile holds squared
    /// distances; row-wise minima and orderings need no query term at all (pass null). Each call runs inside its
    /// own dispose scope: the callback must copy what it keeps into tensors created outside (e.g.
    /// <c>result.narrow(0, start, n).copy_(...)</c>) or into managed arrays.
    /// </summary>
    /// <param name="queries">[n, d].</param>
    /// <param name="references">[m, d], same type as <paramref name="queries"/>.</param>
    /// <param name="queryTerms">[n] or null.</param>
    /// <param name="referenceTerms">[m].</param>
    public static void ForEachBlock(Tensor queries, Tensor references, Tensor? queryTerms, Tensor referenceTerms, int blockRows, Action<long, Tensor> block)
    {
        using var scope = NewDisposeScope();
        ForEachBlock(queries, Prepare(references, referenceTerms), queryTerms, blockRows, block);
    }

    /// <summary>
    /// The reference side of <see cref="ForEachBlock(Tensor, Tensor, Tensor?, Tensor, int, Action{long, Tensor})"/>,
    /// [−2 r, referenceTerm, 1]ᵀ (shape [d + 2, m]), for callers that visit the same references with several query sets.
    /// </summary>
    public static Tensor Prepare(Tensor references, Tensor referenceTerms) =>
        cat(new[] { references.Times(-2.0), referenceTerms.unsqueeze(1), ones_like(referenceTerms).unsqueeze(1) }, 1).t().contiguous();

    /// <summary>
    /// <see cref="ForEachBlock(Tensor, Tensor, Tensor?, Tensor, int, Action{long, Tensor})"/> against references
    /// already made into <paramref name="prepared"/> by <see cref="Prepare"/>.
    /// </summary>
    public static void ForEachBlock(Tensor queries, Tensor prepared, Tensor? queryTerms, int blockRows, Action<long, Tensor> block)
    {
        long n = queries.shape[0];
        int rows = RowsPerBlock(n, prepared.shape[1], blockRows);
        for (long start = 0; start < n; start += rows)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(rows, n - start);
            // Both terms ride in the product: [q, 1, queryTerm] · [−2 r, referenceTerm, 1]ᵀ, one GEMM per block and
            // no extra pass over the tile.
            var q = queries.narrow(0, start, length);
            var terms = queryTerms is null ? zeros(length, 1, dtype: q.dtype, device: q.device) : queryTerms.narrow(0, start, length).unsqueeze(1);
            block(start, cat(new[] { q, ones(length, 1, dtype: q.dtype, device: q.device), terms }, 1).mm(prepared));
        }
    }
}
