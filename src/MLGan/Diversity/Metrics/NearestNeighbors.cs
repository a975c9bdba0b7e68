using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>Nearest-neighbour queries in blocked tensor operations (see <see cref="PairwiseBlocks"/>).</summary>
internal static class NearestNeighbors
{
    /// <summary>
    /// Distance from each row to its <paramref name="k"/>-th nearest other row ([n], float32). A row is excluded from
    /// its own neighbours by index, so exact duplicates count as neighbours at distance 0.
    /// </summary>
    public static Tensor KthNeighborDistances(Tensor points, int k, long blockRows = 0)
    {
        long n = points.shape[0];
        if (k < 1 || n <= k)
            throw new ArgumentException($"The k-th nearest neighbour (k = {k}) needs more than {k} rows; got {n}.");
        var result = new double[n];
        PairwiseBlocks.ForEach(points, points, (start, squared) =>
        {
            long rows = squared.shape[0];
            var self = arange(start, start + rows, ScalarType.Int64).unsqueeze(1);
            squared.scatter_(1, self, full(rows, 1, double.PositiveInfinity, ScalarType.Float64));
            var (values, _) = squared.topk(k, dim: 1, largest: false, sorted: true);
            values.select(1, k - 1).sqrt().data<double>().CopyTo(result.AsSpan((int)start, (int)rows));
        }, blockRows);
        return tensor(result.Select(v => (float)v).ToArray());
    }

    /// <summary>For each query row, the distance to and the index of its nearest reference row.</summary>
    public static (Tensor Distances, Tensor Indices) Nearest(Tensor queries, Tensor references, long blockRows = 0)
    {
        long n = queries.shape[0];
        var distances = new double[n];
        var indices = new long[n];
        PairwiseBlocks.ForEach(queries, references, (start, squared) =>
        {
            var (values, index) = squared.min(1);
            values.sqrt().data<double>().CopyTo(distances.AsSpan((int)start, (int)values.shape[0]));
            index.data<long>().CopyTo(indices.AsSpan((int)start, (int)index.shape[0]));
        }, blockRows);
        return (tensor(distances.Select(v => (float)v).ToArray()), tensor(indices));
    }
}
