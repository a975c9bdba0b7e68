using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// Seeded k-means (Lloyd's algorithm with k-means++ initialization, Arthur &amp; Vassilvitskii 2007) in blocked tensor
/// operations, and a choice of k by the mean silhouette (Rousseeuw 1987).
/// </summary>
internal static class KMeans
{
    /// <summary>Centres [k, d] of <paramref name="points"/>; the same seed gives the same centres.</summary>
    public static Tensor Fit(Tensor points, int k, int seed, int maxIterations = 100)
    {
        long n = points.shape[0];
        if (k < 1 || k > n)
            throw new ArgumentException($"k-means needs 1 <= k <= rows; got k = {k} for {n} rows.");
        var random = new Random(seed);
        var x = points.to_type(ScalarType.Float32);
        var centres = InitializePlusPlus(x, k, random);
        long[]? previous = null;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var (distances, assignment) = NearestNeighbors.Nearest(x, centres);
            var labels = assignment.data<long>().ToArray();
            if (previous is not null && labels.AsSpan().SequenceEqual(previous))
                break;
            previous = labels;
            using var scope = NewDisposeScope();
            var sums = zeros(k, x.shape[1]).index_add_(0, assignment, x, 1);
            var counts = bincount(assignment, minlength: k).to_type(ScalarType.Float32);
            var next = sums / counts.clamp_min(1).unsqueeze(1);
            // An empty cluster takes the point farthest from its centre (deterministic).
            var countValues = counts.data<float>().ToArray();
            var far = distances.argsort(descending: true).data<long>().ToArray();
            int used = 0;
            for (int c = 0; c < k; c++)
            {
                if (countValues[c] == 0)
                    next[c] = x[far[used++]];
            }
            centres.Dispose();
            centres = next.DetachFromDisposeScope();
        }
        return centres;
    }

    /// <summary>Nearest centre of each row (int64 [n]).</summary>
    public static Tensor Assign(Tensor points, Tensor centres) => NearestNeighbors.Nearest(points, centres).Indices;

    /// <summary>
    /// The k in [<paramref name="kMin"/>, <paramref name="kMax"/>] with the best mean silhouette of k-means on a seeded
    /// subsample of at most <paramref name="sampleSize"/> rows (ties: the smaller k). A silhouette compares each row's
    /// mean distance to its own cluster (a) with that to the nearest other cluster (b): (b − a) / max(a, b).
    /// </summary>
    public static int ChooseK(Tensor points, int kMin, int kMax, int seed, int sampleSize = 2000)
    {
        long n = points.shape[0];
        kMax = (int)Math.Min(kMax, n - 1);
        if (kMin < 2 || kMax < kMin)
            return Math.Max(1, Math.Min(kMin, (int)n));
        using var scope = NewDisposeScope();
        var sample = points;
        if (n > sampleSize)
        {
            var order = Enumerable.Range(0, (int)n).ToArray();
            new Random(seed).Shuffle(order);
            sample = points.index_select(0, tensor(order.Take(sampleSize).Select(i => (long)i).ToArray()));
        }
        var distances = PairwiseBlocks.Squared(sample, sample).sqrt();
        int best = kMin;
        double bestScore = double.NegativeInfinity;
        for (int k = kMin; k <= kMax; k++)
        {
            using var inner = NewDisposeScope();
            var labels = Assign(sample, Fit(sample, k, seed));
            double score = MeanSilhouette(distances, labels, k);
            if (score > bestScore + 1e-9)
            {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    private static double MeanSilhouette(Tensor distances, Tensor labels, int k)
    {
        var oneHot = nn.functional.one_hot(labels, k).to_type(ScalarType.Float64);
        var counts = oneHot.sum(dim: 0);
        var sums = distances.mm(oneHot); // [s, k]: total distance from each row to each cluster
        var own = sums.gather(1, labels.unsqueeze(1)).squeeze(1);
        var ownCount = counts.index_select(0, labels);
        var a = own / (ownCount - 1).clamp_min(1);
        var means = sums / counts.clamp_min(1).unsqueeze(0);
        var others = means.masked_fill(oneHot.to_type(ScalarType.Bool), double.PositiveInfinity).masked_fill(counts.eq(0).unsqueeze(0), double.PositiveInfinity);
        var b = others.min(1).values;
        var silhouette = ((b - a) / maximum(a, b).clamp_min(1e-12)).where(ownCount.gt(1), zeros_like(a));
        return silhouette.mean().item<double>();
    }

    private static Tensor InitializePlusPlus(Tensor x, int k, Random random)
    {
        long n = x.shape[0];
        var chosen = new List<long> { random.NextInt64(n) };
        var closest = Enumerable.Repeat(double.PositiveInfinity, (int)n).ToArray();
        while (chosen.Count < k)
        {
            using (var scope = NewDisposeScope())
            {
                var latest = x[chosen[^1]].unsqueeze(0);
                var squared = (x.to_type(ScalarType.Float64) - latest.to_type(ScalarType.Float64)).square().sum(1).data<double>().ToArray();
                for (int i = 0; i < n; i++)
                    closest[i] = Math.Min(closest[i], squared[i]);
            }
            double total = closest.Sum();
            long next;
            if (total <= 0)
            {
                next = Enumerable.Range(0, (int)n).First(i => !chosen.Contains(i)); // all points coincide with centres
            }
            else
            {
                double target = random.NextDouble() * total, cumulative = 0;
                next = n - 1;
                for (int i = 0; i < n; i++)
                {
                    cumulative += closest[i];
                    if (cumulative >= target && closest[i] > 0)
                    {
                        next = i;
                        break;
                    }
                }
            }
            chosen.Add(next);
        }
        return x.index_select(0, tensor(chosen.ToArray())).clone();
    }
}
