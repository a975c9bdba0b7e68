using System.Numerics;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Diversity;

/// <summary>
/// Seeded k-means clustering: k-means++ initialization (Arthur &amp; Vassilvitskii 2007, "k-means++: the
/// advantages of careful seeding") followed by Lloyd iterations (Lloyd 1982, "Least squares quantization in
/// PCM"). Used to place the bins of NDB (<see cref="Ndb"/>) and to find mode clusters in reference data.
/// </summary>
/// <remarks>
/// Deterministic for a seed: the k-means++ draws come from <see cref="Random"/>(seed), centres are float64 means,
/// and a point assigned anew goes to the lower-numbered of equally near centres. Iterations stop when no assignment changes or
/// after maxIterations. A cluster that loses all its points is re-seeded at the point farthest from its assigned
/// centre (the next farthest for a second empty cluster, and so on).
/// The iterations run on managed float64 arrays, a hardware vector of coordinates at a time: a Lloyd iteration is a
/// few multiply-adds per point and centre, and as tensor operations libtorch's per-operation cost outweighed them at
/// every size we measured (1 thread, fits of 4 restarts: 2,000 rows of 2 values, k = 30: 51 → 13 ms; 2,000 x 784,
/// k = 20: 261 → 77 ms; 10,000 x 784, k = 30: 13.3 → 1.9 s; benchmarks/RESULTS.md).
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
    public static Tensor Fit(Tensor points, int k, int seed, int maxIterations = 100, int restarts = 0)
    {
        MetricInputs.Rows(points, nameof(points));
        CheckClusterCount(k, points.shape[0]);
        if (maxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, $"maxIterations must be at least 1 (got {maxIterations}).");
        int d = (int)points.shape[1];
        var (centres, _) = FitBest(Values(points), d, k, seed, maxIterations, restarts);
        return tensor(centres.Select(c => (float)c).ToArray(), new long[] { k, d }, device: points.device);
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
    /// survives the projection. All clusterings are fitted first and their silhouettes scored in one pass over the
    /// distances (<see cref="Silhouette.Means"/>): on 2,000 2-D rows the search takes about 0.2–0.5 s (benchmarks/RESULTS.md).
    /// </summary>
    /// <exception cref="ArgumentException">kMin &lt; 2 (a silhouette needs two clusters), kMax &lt; kMin, or kMax ≥ the subsample's rows.</exception>
    public static int ChooseK(Tensor points, int kMin, int kMax, int seed, int sampleSize = 2000)
        => ChooseKWithSilhouette(points, kMin, kMax, seed, sampleSize).K;

    /// <summary>As <see cref="ChooseK"/>, with the chosen clustering's mean silhouette (-1 to 1; above 0.7 a strong structure).</summary>
    public static (int K, double Silhouette) ChooseKWithSilhouette(Tensor points, int kMin, int kMax, int seed, int sampleSize = 2000)
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
        var values = Values(sample);
        int d = (int)sample.shape[1];
        var clusterings = new List<(Tensor Labels, int Clusters)>();
        for (int k = kMin; k <= kMax; k++)
            clusterings.Add((tensor(FitBest(values, d, k, seed, maxIterations: 100, DefaultRestarts).Labels, device: points.device), k));
        var scores = Silhouette.Means(sample, clusterings);
        int best = kMin;
        for (int k = kMin + 1; k <= kMax; k++)
        {
            if (scores[k - kMin] > scores[best - kMin])
                best = k;
        }
        return (best, scores[best - kMin]);
    }

    /// <summary>
    /// The rows' coordinates along their first <paramref name="count"/> principal components (centred; float64
    /// [n, count]), from the eigenvectors of the smaller of the d x d scatter matrix and the n x n Gram matrix (whose
    /// eigenvectors scaled by √λ are the same coordinates, up to sign): on 2,000 x 784 rows 0.2 s against 0.5 s for the
    /// rows' SVD.
    /// </summary>
    private static Tensor PrincipalComponents(Tensor rows, int count)
    {
        var centred = rows - rows.mean(new long[] { 0 }, keepdim: true);
        long n = centred.shape[0], d = centred.shape[1];
        if (d <= n)
        {
            var (_, directions) = linalg.eigh(centred.t().mm(centred)); // ascending eigenvalues
            int kept = (int)Math.Min(count, d);
            return centred.mm(directions.narrow(1, d - kept, kept).flip(1));
        }
        var (values, vectors) = linalg.eigh(centred.mm(centred.t()));
        int top = (int)Math.Min(count, n);
        return (vectors.narrow(1, n - top, top) * values.narrow(0, n - top, top).ClampMin(0).sqrt().unsqueeze(0)).flip(1);
    }

    /// <summary>The rows of a float tensor as a managed row-major float64 array.</summary>
    private static double[] Values(Tensor points)
    {
        using var scope = NewDisposeScope();
        return points.to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    /// <summary>
    /// The best of <paramref name="restarts"/> runs (0: <see cref="DefaultRestarts"/>; seeds seed, seed + 1, ...): the
    /// smallest within-cluster sum of squares. Points are row-major, <paramref name="d"/> values each; centres come back
    /// row-major (k·d values) with each point's label.
    /// </summary>
    internal static (double[] Centres, long[] Labels) FitBest(double[] points, int d, int k, int seed, int maxIterations, int restarts)
    {
        if (restarts <= 0)
            restarts = DefaultRestarts;
        (double[] Centres, long[] Labels, double Inertia)? best = null;
        for (int r = 0; r < restarts; r++)
        {
            var run = Lloyd(points, d, k, seed + r, maxIterations);
            if (best is null || run.Inertia < best.Value.Inertia)
                best = run;
        }
        return (best!.Value.Centres, best.Value.Labels);
    }

    /// <summary>
    /// One k-means run: centres (row-major, k·d), the label of each point, and the within-cluster sum of squares.
    /// Lloyd's iterations with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): an upper bound on each
    /// point's distance to its centre and a lower bound on its distance to any other centre, moved by how far the
    /// centres moved, skip the points that cannot change cluster, which late iterations are nearly all of. The
    /// assignments are Lloyd's (bounds only skip exact work); on the mode search's 784-wide rows (32 principal
    /// components) the fits took 0.64 s instead of 0.90 s (benchmarks/RESULTS.md).
    /// </summary>
    private static (double[] Centres, long[] Labels, double Inertia) Lloyd(double[] points, int d, int k, int seed, int maxIterations)
    {
        int n = points.Length / d;
        var centres = PlusPlusCentres(points, d, k, new Random(seed));
        var labels = new long[n];
        var upper = new double[n];  // ≥ the distance to the point's centre
        var lower = new double[n];  // ≤ the distance to any other centre
        for (int i = 0; i < n; i++)
            AssignNearest(points, d, centres, i, labels, upper, lower);
        var updated = new double[k * d];
        var counts = new long[k];
        var moved = new double[k];
        var halfGap = new double[k]; // half the distance from a centre to the nearest other one
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(counts);
            Array.Clear(updated);
            for (int i = 0; i < n; i++)
            {
                long c = labels[i];
                counts[c]++;
                Add(points.AsSpan(i * d, d), updated.AsSpan((int)c * d, d));
            }
            var emptyClusters = new List<int>();
            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                    emptyClusters.Add(c);
                else
                    Divide(updated.AsSpan(c * d, d), counts[c]);
            }
            if (emptyClusters.Count > 0)
            {
                // Re-seed empty clusters at the points farthest from their centres (distinct points).
                var squared = Enumerable.Range(0, n).Select(i => SquaredDistance(points.AsSpan(i * d, d), centres.AsSpan((int)labels[i] * d, d))).ToArray();
                var farthest = Enumerable.Range(0, n).OrderByDescending(i => squared[i]).Take(emptyClusters.Count).ToArray();
                if (squared[farthest[0]] == 0)
                    break; // every point sits on a centre: fewer distinct points than clusters
                for (int e = 0; e < emptyClusters.Count; e++)
                    points.AsSpan(farthest[e] * d, d).CopyTo(updated.AsSpan(emptyClusters[e] * d, d));
            }

            // Move the bounds by how far the centres moved.
            int farthestMover = 0;
            for (int c = 0; c < k; c++)
            {
                moved[c] = Math.Sqrt(SquaredDistance(centres.AsSpan(c * d, d), updated.AsSpan(c * d, d)));
                if (moved[c] > moved[farthestMover])
                    farthestMover = c;
            }
            double secondMove = 0;
            for (int c = 0; c < k; c++)
            {
                if (c != farthestMover)
                    secondMove = Math.Max(secondMove, moved[c]);
            }
            (centres, updated) = (updated, centres);
            for (int c = 0; c < k; c++)
            {
                halfGap[c] = double.PositiveInfinity;
                for (int other = 0; other < k; other++)
                {
                    if (other != c)
                        halfGap[c] = Math.Min(halfGap[c], 0.5 * Math.Sqrt(SquaredDistance(centres.AsSpan(c * d, d), centres.AsSpan(other * d, d))));
                }
            }

            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                long c = labels[i];
                upper[i] += moved[c];
                lower[i] -= c == farthestMover ? secondMove : moved[farthestMover];
                double bound = Math.Max(halfGap[c], lower[i]);
                if (upper[i] <= bound)
                    continue;
                upper[i] = Math.Sqrt(SquaredDistance(points.AsSpan(i * d, d), centres.AsSpan((int)c * d, d)));
                if (upper[i] <= bound)
                    continue;
                AssignNearest(points, d, centres, i, labels, upper, lower);
                changed |= labels[i] != c;
            }
            if (!changed && emptyClusters.Count == 0)
                break;
        }
        double inertia = 0;
        for (int i = 0; i < n; i++)
            inertia += SquaredDistance(points.AsSpan(i * d, d), centres.AsSpan((int)labels[i] * d, d));
        return (centres, labels, inertia);
    }

    /// <summary>
    /// Point i's nearest centre (the lower-numbered on ties), its distance to it (<paramref name="upper"/>) and to the
    /// next nearest (<paramref name="lower"/>).
    /// </summary>
    private static void AssignNearest(double[] points, int d, double[] centres, int i, long[] labels, double[] upper, double[] lower)
    {
        int k = centres.Length / d;
        var point = points.AsSpan(i * d, d);
        double best = double.PositiveInfinity, second = double.PositiveInfinity;
        int nearest = 0;
        for (int c = 0; c < k; c++)
        {
            double distance = SquaredDistance(point, centres.AsSpan(c * d, d));
            if (distance < best)
            {
                second = best;
                best = distance;
                nearest = c;
            }
            else if (distance < second)
            {
                second = distance;
            }
        }
        labels[i] = nearest;
        upper[i] = Math.Sqrt(best);
        lower[i] = Math.Sqrt(second);
    }

    /// <summary>
    /// k-means++ seeding: the first centre uniformly, each next one with probability proportional to the
    /// squared distance to the nearest centre chosen so far (uniformly when every point sits on a centre).
    /// </summary>
    private static double[] PlusPlusCentres(double[] points, int d, int k, Random random)
    {
        int n = points.Length / d;
        var centres = new double[k * d];
        long chosen = random.NextInt64(n);
        points.AsSpan((int)chosen * d, d).CopyTo(centres.AsSpan(0, d));
        var nearest = new double[n];
        for (int i = 0; i < n; i++)
            nearest[i] = SquaredDistance(points.AsSpan(i * d, d), centres.AsSpan(0, d));
        for (int c = 1; c < k; c++)
        {
            chosen = Draw(nearest, random);
            var centre = centres.AsSpan(c * d, d);
            points.AsSpan((int)chosen * d, d).CopyTo(centre);
            for (int i = 0; i < n; i++)
                nearest[i] = Math.Min(nearest[i], SquaredDistance(points.AsSpan(i * d, d), centre));
        }
        return centres;
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

    /// <summary>‖a − b‖², a hardware vector's width of terms at a time.</summary>
    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int j = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var sums = Vector<double>.Zero;
            for (; j <= a.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var difference = new Vector<double>(a.Slice(j)) - new Vector<double>(b.Slice(j));
                sums += difference * difference;
            }
            sum = Vector.Sum(sums);
        }
        for (; j < a.Length; j++)
        {
            double difference = a[j] - b[j];
            sum += difference * difference;
        }
        return sum;
    }

    private static void Add(ReadOnlySpan<double> row, Span<double> total)
    {
        for (int j = 0; j < row.Length; j++)
            total[j] += row[j];
    }

    private static void Divide(Span<double> row, double divisor)
    {
        for (int j = 0; j < row.Length; j++)
            row[j] /= divisor;
    }

    /// <summary><paramref name="count"/> distinct indices of 0..n−1, drawn by a partial Fisher–Yates shuffle, sorted.</summary>
    internal static long[] SampleIndices(long n, int count, Random random)
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
