using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// A partition of a row set into compact cells (about <see cref="RowsPerCell"/> rows each), with each cell's centre
/// and radius (the largest distance from the centre to a member), so that whole groups of row pairs can be ruled
/// in or out by the triangle inequality (<see cref="CellBlocks"/>). Cells come from a seeded random choice of
/// centres refined by two Lloyd (k-means) steps; they need to be compact, not optimal.
/// </summary>
internal sealed class RowCells
{
    /// <summary>Target rows per cell: large enough that per-cell overhead is small, small enough to prune well.</summary>
    public const int RowsPerCell = 256;

    /// <summary>At most this many cells, so that the cell × cell bounds stay small next to the row work.</summary>
    public const int MaxCells = 4096;

    private const int RefinementSteps = 2;

    private RowCells(Tensor rows, Tensor order, long[] starts, Tensor centres, Tensor radii)
    {
        Rows = rows;
        Order = order;
        Starts = starts;
        Centres = centres;
        Radii = radii;
    }

    /// <summary>The rows (float64 [n, d]) in their original order.</summary>
    public Tensor Rows { get; }

    /// <summary>Row indices grouped by cell (int64 [n]): cell c holds Order[Starts[c] .. Starts[c + 1]).</summary>
    public Tensor Order { get; }

    /// <summary>Offsets of the cells in <see cref="Order"/>, length cells + 1.</summary>
    public long[] Starts { get; }

    /// <summary>Cell centres (float64 [cells, d]).</summary>
    public Tensor Centres { get; }

    /// <summary>Cell radii (float64 [cells]): no member is farther from its centre.</summary>
    public Tensor Radii { get; }

    public int Count => Starts.Length - 1;

    /// <summary>The largest value of <paramref name="perRow"/> (one value per row, ≥ 0) in each cell (float64 [cells]).</summary>
    public Tensor MaxPerCell(Tensor perRow) => MaxPerCell(perRow, Order, Starts);

    private static Tensor MaxPerCell(Tensor perRow, Tensor order, long[] starts)
    {
        var values = perRow.to_type(ScalarType.Float64).index_select(0, order).data<double>().ToArray();
        var maxima = new double[starts.Length - 1];
        for (int c = 0; c < maxima.Length; c++)
        {
            for (long i = starts[c]; i < starts[c + 1]; i++)
                maxima[c] = Math.Max(maxima[c], values[i]);
        }
        return tensor(maxima, device: perRow.device);
    }

    /// <summary>
    /// Partitions <paramref name="rows"/> (float64 [n, d]) into about n / <see cref="RowsPerCell"/> cells, or one cell
    /// when <paramref name="single"/> (nothing to prune against); the tensors belong to the caller's dispose scope.
    /// </summary>
    public static RowCells Build(Tensor rows, bool single = false, int seed = 1)
    {
        long n = rows.shape[0];
        int cells = single ? 1 : (int)Math.Clamp(n / RowsPerCell, 1, MaxCells);
        if (cells == 1)
            return Whole(rows);
        var random = new Random(seed);
        var chosen = Enumerable.Range(0, (int)n).OrderBy(_ => random.Next()).Take(cells).Select(i => (long)i).ToArray();
        var centres = rows.index_select(0, tensor(chosen, device: rows.device));
        for (int step = 0; step < RefinementSteps; step++)
        {
            var assigned = Nearest(rows, centres);
            var emptyCell = assigned.bincount(null, cells).EqualTo(0).unsqueeze(1);
            centres = where(emptyCell, centres, Means(rows, assigned, cells));
        }
        var labels = Nearest(rows, centres);

        // Renumber the non-empty cells 0..k-1 and group the rows by cell.
        var sizes = labels.bincount(null, cells);
        var used = sizes.GreaterThan(0);
        var renumber = used.to_type(ScalarType.Int64).cumsum(0).sub_(HeldScalarOps.One);
        labels = renumber.index_select(0, labels);
        int count = (int)used.sum().item<long>();
        var order = labels.sort(0, descending: false, stable: true).Indices;
        var counts = sizes.masked_select(used).data<long>().ToArray();
        var starts = new long[count + 1];
        for (int c = 0; c < count; c++)
            starts[c + 1] = starts[c] + counts[c];
        var finalCentres = Means(rows, labels, count);
        var distances = (rows - finalCentres.index_select(0, labels)).Squared().sum(1).sqrt_();
        return new RowCells(rows, order, starts, finalCentres, MaxPerCell(distances, order, starts));
    }

    /// <summary>All rows in one cell (none for no rows), without the grouping work: callers with few rows build this often.</summary>
    private static RowCells Whole(Tensor rows)
    {
        long n = rows.shape[0];
        if (n == 0)
            return new RowCells(rows, empty(0, dtype: ScalarType.Int64, device: rows.device), new long[] { 0 },
                empty(0, rows.shape[1], dtype: rows.dtype, device: rows.device), empty(0, dtype: rows.dtype, device: rows.device));
        var centre = rows.mean(new long[] { 0 }, keepdim: true);
        var radius = (rows - centre).Squared().sum(1).max().sqrt_().reshape(1);
        return new RowCells(rows, HeldScalarOps.Range(n, rows.device), new long[] { 0, n }, centre, radius);
    }

    /// <summary>
    /// Cells for a query set and a reference set (any floating type [rows, d]); the queries get one cell when the
    /// references have one, since there is nothing to prune and many query cells would only add overhead.
    /// </summary>
    public static (RowCells Queries, RowCells References) ForPairs(Tensor queries, Tensor references)
    {
        var referenceCells = Build(references.to_type(ScalarType.Float64));
        return (Build(queries.to_type(ScalarType.Float64), single: referenceCells.Count == 1), referenceCells);
    }

    /// <summary>Index of the nearest centre of each row (int64 [n]).</summary>
    private static Tensor Nearest(Tensor rows, Tensor centres)
    {
        var labels = empty(rows.shape[0], dtype: ScalarType.Int64, device: rows.device);
        DistanceBlocks.ForEachBlock(rows, centres, null, DistanceBlocks.SquaredNorms(centres), 0, (start, tile) =>
            labels.narrow(0, start, tile.shape[0]).copy_(tile.argmin(1)));
        return labels;
    }

    /// <summary>Mean of each cell's rows (float64 [cells, d]; 0 for an empty cell).</summary>
    private static Tensor Means(Tensor rows, Tensor labels, int cells)
    {
        var sums = zeros(cells, rows.shape[1], dtype: ScalarType.Float64, device: rows.device).index_add_(0, labels, rows, HeldScalarOps.One);
        var sizes = labels.bincount(null, cells).to_type(ScalarType.Float64).ClampMinInPlace(1);
        return sums.div_(sizes.unsqueeze(1));
    }
}
