using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// Near-duplicate rate of a sample set: the share of rows whose nearest other row lies within a radius. A
/// collapsed generator repeats itself, so the rate climbs; it is the sample-level form of the birthday-paradox
/// test of Arora &amp; Zhang 2017 ("Do GANs actually learn the distribution? An empirical study"), which looks
/// for near-duplicate pairs in small batches to estimate support size.
/// </summary>
internal static class Duplicates
{
    /// <summary>
    /// Share of rows of <paramref name="fake"/> (float32 [n, d], n ≥ 2) whose nearest other row is at Euclidean
    /// distance ≤ <paramref name="radius"/>. With radius 0 it counts exact repeats (a row repeated anywhere
    /// in the set: both copies count).
    /// </summary>
    public static double Rate(Tensor fake, double radius, int blockRows = 0)
    {
        if (!(radius >= 0) || double.IsInfinity(radius))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, $"radius must be a finite distance ≥ 0 (got {radius}).");
        using var scope = NewDisposeScope();
        var (squared, _) = NearestNeighbors.KthNeighborSquared(fake, 1, blockRows);
        return squared.LessOrEqual(radius * radius).sum().item<long>() / (double)fake.shape[0];
    }

    /// <summary>
    /// The duplicate rate at a given set size: <paramref name="fake"/>'s rows are cut into consecutive chunks of
    /// <paramref name="chunkRows"/> (a last, shorter chunk is left out) and each row is a duplicate when another row of
    /// its chunk lies within <paramref name="radius"/>. Measured at the reference's size, a sample's rate compares with
    /// the real data's own rate at that size: more rows always crowd closer, so a rate at a larger size means nothing.
    /// </summary>
    public static double RateInChunks(Tensor fake, int chunkRows, double radius)
    {
        long rows = fake.shape[0];
        chunkRows = (int)Math.Min(chunkRows, rows);
        if (chunkRows < 2)
            return 0;
        long chunks = rows / chunkRows;
        double sum = 0;
        for (long c = 0; c < chunks; c++)
        {
            using var chunk = fake.narrow(0, c * chunkRows, chunkRows);
            sum += Rate(chunk, radius);
        }
        return sum / chunks;
    }
}
