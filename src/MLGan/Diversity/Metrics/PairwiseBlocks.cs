using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// Squared Euclidean distances between query rows and reference rows, a block of queries at a time, so memory
/// stays bounded whatever the sizes. Computed in float64 as ‖q‖² + ‖r‖² − 2q·r (one matrix product per
/// block); float64 keeps near-zero distances exact enough for duplicate and k-NN tests.
/// </summary>
internal static class PairwiseBlocks
{
    /// <summary>Entries of one block's distance matrix (8 bytes each): 16M entries = 128 MiB.</summary>
    private const long MaxBlockEntries = 16L << 20;

    /// <summary>The whole squared-distance matrix (float64) of two small sets.</summary>
    public static Tensor Squared(Tensor a, Tensor b)
    {
        var x = a.to_type(ScalarType.Float64);
        var y = b.to_type(ScalarType.Float64);
        return (x.square().sum(1, keepdim: true) + y.square().sum(1).unsqueeze(0) - 2 * x.mm(y.t())).clamp_min(0);
    }

    /// <summary>
    /// Calls <paramref name="action"/> with (first query row, squared distances [rows in block, references]) for
    /// consecutive blocks of <paramref name="queries"/>. Each call runs in its own dispose scope.
    /// </summary>
    public static void ForEach(Tensor queries, Tensor references, Action<long, Tensor> action, long blockRows = 0)
    {
        long n = queries.shape[0], m = references.shape[0];
        if (queries.shape[1] != references.shape[1])
            throw new ArgumentException($"rows have {queries.shape[1]} and {references.shape[1]} values");
        if (blockRows <= 0)
            blockRows = Math.Clamp(MaxBlockEntries / Math.Max(1, m), 1, Math.Max(1, n));
        using var outer = NewDisposeScope();
        var r = references.to_type(ScalarType.Float64);
        var rT = r.t().contiguous();
        var rNorms = r.square().sum(1).unsqueeze(0);
        for (long start = 0; start < n; start += blockRows)
        {
            using var scope = NewDisposeScope();
            long end = Math.Min(n, start + blockRows);
            var q = queries.narrow(0, start, end - start).to_type(ScalarType.Float64);
            var squared = (q.square().sum(1, keepdim: true) + rNorms - 2 * q.mm(rT)).clamp_min(0);
            action(start, squared);
        }
    }
}
