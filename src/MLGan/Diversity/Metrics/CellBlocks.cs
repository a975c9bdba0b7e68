using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// The pair engine of the nearest-neighbour and ball kernels: squared distances between query rows and only those
/// reference rows that can matter, found cell by cell (<see cref="RowCells"/>) with the triangle inequality, and
/// computed in blocks in the matrix-product form ‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r (<see cref="DistanceBlocks"/>).
/// </summary>
/// <remarks>
/// <para>
/// Pruning is exact: no pair in query cell Q and reference cell C is closer than
/// LB = ‖c_Q − c_C‖ − ρ_Q − ρ_C (centres c, radii ρ), so a reference cell is visited only when LB is within the
/// reach a test needs: the distance that surely holds a query's k nearest references (the smallest
/// ‖c_Q − c_C‖ + ρ_Q + ρ_C over enough cells to hold k of them), a query's own ball radius, or a reference's ball
/// radius. On clustered data most cell pairs are far apart and skipped; on structureless high-dimensional data
/// every LB is near 0 and the work is the full n × m tile, as without cells.
/// </para>
/// <para>
/// Arithmetic is float64 on coordinates centred on the query cell's centre (on the references' mean when a query
/// cell needs every reference cell, so that side is prepared once), which keeps the norms, and with them the
/// cancellation error of the product form (about d × 1e-16 × (‖q‖² + ‖r‖²)), small even for tight clusters far
/// from the origin. The tile is lowered by <see cref="RoundingAllowance"/>(d) × (‖q‖² + ‖r‖²) so that a point on a ball's
/// boundary, or equal to its centre, is never pushed outside by rounding. Kernels that report a distance
/// recompute it from the two rows' difference.
/// </para>
/// </remarks>
internal static class CellBlocks
{
    /// <summary>
    /// Allowance, relative to ‖q‖² + ‖r‖², for the float64 rounding error of the product form with d features:
    /// 4(d + 4)·2⁻⁵³, twice the worst-case bound 2γ_(d+2) of a length-(d + 2) dot product (about 2.7e-15 for d = 2).
    /// </summary>
    public static double RoundingAllowance(long features) => 4 * (features + 4) * Math.Pow(2, -53);

    /// <summary>Relative margin on cell bounds for their own rounding.</summary>
    private const double BoundMargin = 1e-9;

    /// <summary>One block: query row indices [b], reference row indices [c] and tile[i, j] ≈ ‖q_i − r_j‖² (float64 [b, c]).</summary>
    public readonly record struct Block(Tensor QueryIndices, Tensor ReferenceIndices, Tensor Tile);

    /// <summary>
    /// Calls <paramref name="visit"/> for blocks that together hold every pair a test can need (each pair at most
    /// once): the pairs of each query with its <paramref name="nearest"/> nearest references (0 for none; with
    /// <paramref name="excludeSelf"/> query i does not count reference i, which must then be the same set), with
    /// references within <paramref name="queryReach"/>[i] of query i, and with references j within
    /// <paramref name="referenceReach"/>[j] (distances, float64; null for none). Blocks hold other pairs too. Each
    /// call runs in its own dispose scope: keep results in tensors created outside.
    /// </summary>
    public static void ForEach(RowCells queries, RowCells references, int nearest, bool excludeSelf,
        Tensor? queryReach, Tensor? referenceReach, int blockRows, Action<Block> visit)
    {
        if (queries.Count == 0 || references.Count == 0)
            return;
        using var outer = NewDisposeScope();
        var needed = NeededCells(queries, references, nearest, excludeSelf, queryReach, referenceReach);
        double allowance = RoundingAllowance(references.Rows.shape[1]);
        // Cells that prune nothing share one centring (the references' mean) and one prepared reference side.
        (Tensor Indices, Tensor Centre, Tensor Prepared)? everyReference = null;
        if (needed.Any(cells => cells.Length == references.Count))
        {
            var mean = references.Rows.mean(new long[] { 0 }, keepdim: true);
            everyReference = (HeldScalarOps.Range(references.Rows.shape[0], references.Rows.device), mean, PrepareReferences(references.Rows, mean, allowance));
        }
        for (int q = 0; q < queries.Count; q++)
        {
            using var scope = NewDisposeScope();
            var cells = needed[q];
            if (cells.Length == 0)
                continue;
            var queryIndices = queries.Order.narrow(0, queries.Starts[q], queries.Starts[q + 1] - queries.Starts[q]);
            Tensor referenceIndices, centre, prepared;
            if (cells.Length == references.Count)
            {
                (referenceIndices, centre, prepared) = everyReference!.Value;
            }
            else
            {
                referenceIndices = cat(cells.Select(c => references.Order.narrow(0, references.Starts[c], references.Starts[c + 1] - references.Starts[c])).ToList(), 0);
                centre = queries.Centres.narrow(0, q, 1);
                prepared = PrepareReferences(references.Rows.index_select(0, referenceIndices), centre, allowance);
            }
            var x = queries.Rows.index_select(0, queryIndices).sub_(centre);
            var queryTerms = DistanceBlocks.SquaredNorms(x).MulInPlace(1 - allowance);
            DistanceBlocks.ForEachBlock(x, prepared, queryTerms, blockRows, (start, tile) =>
                visit(new Block(queryIndices.narrow(0, start, tile.shape[0]), referenceIndices, tile)));
        }
    }

    /// <summary>The reference side of the product for rows centred on <paramref name="centre"/>.</summary>
    private static Tensor PrepareReferences(Tensor rows, Tensor centre, double allowance)
    {
        var r = rows - centre;
        return DistanceBlocks.Prepare(r, DistanceBlocks.SquaredNorms(r).MulInPlace(1 - allowance));
    }

    /// <summary>For each query cell, the reference cells it must visit, in order.</summary>
    private static int[][] NeededCells(RowCells queries, RowCells references, int nearest, bool excludeSelf, Tensor? queryReach, Tensor? referenceReach)
    {
        var gaps = CentreDistances(queries.Centres, references.Centres);
        var spread = queries.Radii.unsqueeze(1).Plus(references.Radii.unsqueeze(0));
        var lower = (gaps - spread).sub_(gaps.Plus(spread).MulInPlace(BoundMargin)); // no pair of the two cells is closer
        var reach = zeros(queries.Count, references.Count, dtype: ScalarType.Float64, device: gaps.device);
        if (nearest > 0)
            reach = maximum(reach, NearestReach(gaps.Plus(spread), references, nearest + (excludeSelf ? 1 : 0)).unsqueeze(1));
        if (queryReach is not null)
            reach = maximum(reach, queries.MaxPerCell(queryReach).unsqueeze(1));
        if (referenceReach is not null)
            reach = maximum(reach, references.MaxPerCell(referenceReach).unsqueeze(0));
        var needed = lower.le(reach.MulInPlace(1 + BoundMargin));
        var flags = needed.data<bool>().ToArray();
        int columns = references.Count;
        return Enumerable.Range(0, queries.Count)
            .Select(q => Enumerable.Range(0, columns).Where(c => flags[q * columns + c]).ToArray())
            .ToArray();
    }

    /// <summary>
    /// Per query cell, a distance within which every query of the cell has at least <paramref name="count"/> reference
    /// rows: the smallest upper bound ‖c_Q − c_C‖ + ρ_Q + ρ_C such that the cells within it hold that many rows.
    /// </summary>
    private static Tensor NearestReach(Tensor upper, RowCells references, int count)
    {
        var sizes = tensor(references.Starts.Zip(references.Starts.Skip(1), (a, b) => b - a).ToArray(), device: upper.device);
        var (sorted, order) = upper.Times(1 + BoundMargin).sort(1);
        var held = sizes.index_select(0, order.reshape(-1)).reshape(order.shape).cumsum(1);
        var first = held.LessThan(count).sum(1, keepdim: true).ClampMaxInPlace(references.Count - 1);
        return sorted.gather(1, first).squeeze(1);
    }

    /// <summary>Euclidean distances between two sets of centres (float64 [a, b]), from their differences, a few rows of a at a time.</summary>
    private static Tensor CentreDistances(Tensor a, Tensor b)
    {
        long rows = Math.Max(1, DistanceBlocks.DefaultTileElements / Math.Max(1, b.shape[0] * b.shape[1]));
        var parts = new List<Tensor>();
        for (long start = 0; start < a.shape[0]; start += rows)
            parts.Add((a.narrow(0, start, Math.Min(rows, a.shape[0] - start)).unsqueeze(1) - b.unsqueeze(0)).Squared().sum(2).sqrt_());
        return cat(parts, 0);
    }
}
