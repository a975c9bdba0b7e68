using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// Seeded k-means clustering: k-means++ initialization (Arthur &amp; Vassilvitskii 2007, "k-means++: the
/// advantages of careful seeding") followed by Lloyd iterations (Lloyd 1982, "Least squares quantization in
/// PCM"). Used to place the bins of NDB (<see cref="Ndb"/>) and to find mode clusters in reference data.
/// </summary>
/// <remarks>
/// Deterministic for a seed: the k-means++ draws come from <see cref="Random"/>(seed), assignments use the
/// blocked nearest-neighbour kernel (<see cref="NearestNeighbors"/>), centres are float64 means. Iterations stop
/// when no assignment changes or after maxIterations. A cluster that loses all its points is re-seeded at the
/// point farthest from its assigned centre (the next farthest for a second empty cluster, and so on).
/// </remarks>
internal static class KMeans
{
    /// <summary>Restarts of <see cref="Fit"/> and <see cref="ChooseK"/> by default: the best of several k-means++ seedings finds small, well-separated clusters that one seeding can merge away.</summary>
    public const int DefaultRestarts = 4;

    /// <summary>Widest rows <see cref="ChooseK"/> clusters as they are; wider ones are projected on their principal components first.</summary>
    public const int MaxSearchDimensions = 32;

    /// <summary>
    /// Cluster centres of <paramref name="points"/> (float32 [n, d]): float32 [k, d]. With several
    /// <paramref name="restarts"/>, the run with the smallest within-cluster sum of squares wins (restart r is seeded
    /// with seed + r).
    /// </summary>
    /// <exception cref="ArgumentException">k &lt; 1 or k &gt; n, or maxIterations &lt; 1.</exception>
    public static Tensor Fit(Tensor points, int k, int seed, int maxIterations = 100, int blockRows = 0, int restarts = 0)
    {
        MetricInputs.Rows(points, nameof(points));
        CheckClusterCount(k, points.shape[0]);
        if (maxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, $"maxIterations must be at least 1 (got {maxIterations}).");
        MetricInputs.BlockRows(blockRows);

        using var scope = NewDisposeScope();
        var (centres, _) = FitBest(points.to_type(ScalarType.Float64), k, seed, maxIterations, blockRows, restarts);
        return centres.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Index of the nearest centre of each point: int64 [n] (ties: unspecified which).</summary>
    public static Tensor Assign(Tensor points, Tensor centres, int blockRows = 0)
    {
        using var scope = NewDisposeScope();
        var (_, indices) = NearestNeighbors.NearestSquared(points, centres, blockRows);
        return indices.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Chooses the number of clusters in [kMin, kMax] with the best mean silhouette score (Rousseeuw 1987,
    /// "Silhouettes: a graphical aid to the interpretation and validation of cluster analysis";
    /// <see cref="Silhouette"/>). To bound the cost, the scores are computed on a subsample of
    /// <paramref name="sampleSize"/> rows drawn without replacement by <see cref="Random"/>(seed) (all rows when
    /// there are fewer); each k is fitted on that subsample with <see cref="Fit"/>(seed). The smallest k wins ties.
    /// Rows wider than <see cref="MaxSearchDimensions"/> values are compared by their first
    /// <see cref="MaxSearchDimensions"/> principal components (of the subsample): the count of well-separated groups
    /// survives the projection, and on 2,000 rows of 784 values the search took about 2.6 s instead of 12 (benchmarks/RESULTS.md).
    /// </summary>
    /// <exception cref="ArgumentException">kMin &lt; 2 (a silhouette needs two clusters), kMax &lt; kMin, or kMax ≥ the subsample's rows.</exception>
    public static int ChooseK(Tensor points, int kMin, int kMax, int seed, int sampleSize = 2000)
    {
        MetricInputs.Rows(points, nameof(points));
        if (kMin < 2)
            throw new ArgumentOutOfRangeException(nameof(kMin), kMin, $"kMin must be at least 2: the silhouette compares a point's cluster with the nearest other one (got {kMin}).");
        if (kMax < kMin)
            throw new ArgumentOutOfRangeException(nameof(kMax), kMax, $"kMax must be at least kMin = {kMin} (got {kMax}).");
        if (sampleSize < 3)
            throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, $"sampleSize must be at least 3 (got {sampleSize}).");
        long n = points.shape[0];
        int rows = (int)Math.Min(n, sampleSize);
        if (kMax >= rows)
            throw new ArgumentException(
                $"kMax = {kMax} needs more than {kMax} sampled points (silhouettes need fewer clusters than points); there are {rows}.", nameof(kMax));

        using var scope = NewDisposeScope();
        var sample = points.to_type(ScalarType.Float64);
        if (rows < n)
        {
            var indices = SampleIndices(n, rows, new Random(seed));
            sample = sample.index_select(0, tensor(indices, device: points.device));
        }
        if (sample.shape[1] > MaxSearchDimensions)
            sample = PrincipalComponents(sample, MaxSearchDimensions);
        int best = kMin;
        double bestScore = double.NegativeInfinity;
        using var distances = new Silhouette.Distances(sample); // the same points for every k
        for (int k = kMin; k <= kMax; k++)
        {
            using var attempt = NewDisposeScope();
            var (_, labels) = FitBest(sample, k, seed, maxIterations: 100, blockRows: 0, DefaultRestarts);
            double score = distances.Mean(labels, k);
            if (score > bestScore)
            {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    /// <summary>The rows' coordinates along their first <paramref name="count"/> principal components (centred; float64 [n, count]).</summary>
    private static Tensor PrincipalComponents(Tensor rows, int count)
    {
        var centred = rows - rows.mean(new long[] { 0 }, keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        return centred.mm(vh.narrow(0, 0, Math.Min(count, vh.shape[0])).t());
    }

    /// <summary>The best of <paramref name="restarts"/> runs of <see cref="FitCore"/> (seeds seed, seed + 1, ...): the smallest within-cluster sum of squares.</summary>
    internal static (Tensor Centres, Tensor Labels) FitBest(Tensor points, int k, int seed, int maxIterations, int blockRows, int restarts)
    {
        (Tensor Centres, Tensor Labels)? best = null;
        double bestInertia = double.PositiveInfinity;
        if (restarts <= 0)
            restarts = DefaultRestarts;
        for (int r = 0; r < restarts; r++)
        {
            var run = FitCore(points, k, seed + r, maxIterations, blockRows);
            double inertia;
            using (NewDisposeScope())
                inertia = (points - run.Centres.index_select(0, run.Labels)).square().sum().item<double>();
            if (inertia < bestInertia)
            {
                if (best is { } previous)
                {
                    previous.Centres.Dispose();
                    previous.Labels.Dispose();
                }
                best = run;
                bestInertia = inertia;
            }
            else
            {
                run.Centres.Dispose();
                run.Labels.Dispose();
            }
        }
        return best!.Value;
    }

    /// <summary>
    /// k-means on float64 points: float64 centres [k, d] and the int64 labels [n] that assign each point to its
    /// nearest centre. The results are in the caller's dispose scope; each iteration's temporaries are freed.
    /// </summary>
    internal static (Tensor Centres, Tensor Labels) FitCore(Tensor points, int k, int seed, int maxIterations, int blockRows)
    {
        var centres = PlusPlusCentres(points, k, new Random(seed));
        var (squared, labels) = NearestNeighbors.NearestSquared(points, centres, blockRows);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            using var step = NewDisposeScope();
            var counts = labels.bincount(null, k);
            var sums = zeros(k, points.shape[1], dtype: ScalarType.Float64, device: points.device).index_add_(0, labels, points, 1);
            var updated = sums.div_(counts.clamp_min(1).unsqueeze(1).to_type(ScalarType.Float64));
            var emptyClusters = counts.eq(0).nonzero().reshape(-1);
            if (emptyClusters.shape[0] > 0)
            {
                // Re-seed empty clusters at the points farthest from their centres (distinct points).
                var (farthestSquared, farthest) = squared.topk((int)emptyClusters.shape[0], largest: true, sorted: true);
                if (farthestSquared[0].item<double>() == 0)
                    break; // every point sits on a centre: fewer distinct points than clusters
                updated.index_copy_(0, emptyClusters, points.index_select(0, farthest));
            }
            var (nextSquared, nextLabels) = NearestNeighbors.NearestSquared(points, updated, blockRows);
            bool converged = emptyClusters.shape[0] == 0 && nextLabels.eq(labels).all().item<bool>();
            Replace(ref centres, updated);
            Replace(ref squared, nextSquared);
            Replace(ref labels, nextLabels);
            if (converged)
                break;
        }
        squared.Dispose();
        return (centres, labels);
    }

    /// <summary>Moves <paramref name="next"/> to the enclosing dispose scope and disposes the tensor it replaces.</summary>
    private static void Replace(ref Tensor current, Tensor next)
    {
        var previous = current;
        current = next.MoveToOuterDisposeScope();
        previous.Dispose();
    }

    /// <summary>
    /// k-means++ seeding: the first centre uniformly, each next one with probability proportional to the
    /// squared distance to the nearest centre chosen so far (uniformly when every point sits on a centre).
    /// </summary>
    private static Tensor PlusPlusCentres(Tensor points, int k, Random random)
    {
        long n = points.shape[0];
        var chosen = new long[k];
        chosen[0] = random.NextInt64(n);
        var nearest = (points - points[chosen[0]]).square().sum(1);
        for (int c = 1; c < k; c++)
        {
            using var scope = NewDisposeScope();
            var weights = nearest.cpu().data<double>().ToArray();
            chosen[c] = Draw(weights, random);
            nearest.copy_(minimum(nearest, (points - points[chosen[c]]).square().sum(1)));
        }
        return points.index_select(0, tensor(chosen, device: points.device));
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/> (uniformly when all are 0).</summary>
    private static long Draw(double[] weights, Random random)
    {
        double total = 0;
        foreach (var w in weights)
            total += w;
        if (!(total > 0))
            return random.NextInt64(weights.Length);
        double target = random.NextDouble() * total;
        double cumulative = 0;
        long last = 0;
        for (long i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0)
                continue;
            cumulative += weights[i];
            last = i;
            if (cumulative > target)
                return i;
        }
        return last; // rounding left target at the very top
    }

    /// <summary><paramref name="count"/> distinct indices of 0..n−1, drawn by a partial Fisher–Yates shuffle, sorted.</summary>
    private static long[] SampleIndices(long n, int count, Random random)
    {
        // Partial Fisher–Yates shuffle of 0..n-1; the first count entries are the sample.
        var indices = new long[n];
        for (long i = 0; i < n; i++)
            indices[i] = i;
        for (int i = 0; i < count; i++)
        {
            long j = i + random.NextInt64(n - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        var sample = indices.AsSpan(0, count).ToArray();
        Array.Sort(sample);
        return sample;
    }

    /// <summary>Throws unless 1 ≤ k ≤ n.</summary>
    private static void CheckClusterCount(int k, long n)
    {
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at least 1 cluster (got {k}).");
        if (k > n)
            throw new ArgumentException($"k = {k} clusters need at least {k} points; there are {n}.", nameof(k));
    }
}
