using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using MLGan.Diversity;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Data;

/// <summary>
/// A Gaussian mixture with full covariances fitted by expectation-maximization (Dempster, Laird and Rubin 1977),
/// scored by the Bayesian information criterion (Schwarz 1978): BIC = −2 ln L + p ln m for m rows and
/// p = k·d + k·d(d+1)/2 + k − 1 free parameters; and the search of <see cref="ModeClusters"/> for the mixture of lowest
/// BIC by split and merge moves (after Ueda et al. 2000, "SMEM algorithm for mixture models").
/// </summary>
/// <remarks>
/// Why not k-means alone: it prefers clusters of like size and round shape. On 12 anisotropic modes of unequal weight
/// in 3-D, k-means with silhouettes chose 11 clusters and merged small modes into large ones; EM from a k-means start
/// keeps such a start's mistakes (a merged pair and a split mode at the right k), which the moves undo
/// (benchmarks/RESULTS.md).
/// </remarks>
internal sealed class GaussianModes
{
    /// <summary>Most EM iterations per fit (from a k-means start on clustered rows they converge in far fewer).</summary>
    public const int MaxIterations = 50;

    /// <summary>EM stops when the log-likelihood per row rises by less than this.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Each covariance gets this share of the rows' average variance on its diagonal (keeps it invertible).</summary>
    public const double CovarianceFloor = 1e-6;

    /// <summary>k-means starts of <see cref="Fit"/> (seeds seed, seed + 1, ...): EM keeps the start of highest likelihood.</summary>
    public const int Starts = 4;

    /// <summary>Most split or merge moves the search makes.</summary>
    public const int MaxMoves = 60;

    /// <summary>Moves tried (most promising first) before the search stops for want of one that lowers the BIC.</summary>
    public const int ProposalsPerRound = 6;

    private GaussianModes(int count, double logLikelihood, long[] labels, int rows, int size)
    {
        Count = count;
        LogLikelihood = logLikelihood;
        Labels = labels;
        Bic = -2 * logLikelihood + Parameters(count, size) * Math.Log(rows);
    }

    /// <summary>Modes (mixture components).</summary>
    public int Count { get; }

    /// <summary>ln L of the rows under the fitted mixture.</summary>
    public double LogLikelihood { get; }

    /// <summary>Bayesian information criterion (lower is better).</summary>
    public double Bic { get; }

    /// <summary>Each row's most likely mode.</summary>
    public long[] Labels { get; }

    /// <summary>Rows in each mode by <see cref="Labels"/>.</summary>
    public int[] Counts()
    {
        var counts = new int[Count];
        foreach (long label in Labels)
            counts[label]++;
        return counts;
    }

    private static double Parameters(int count, int size) => count * (size + size * (size + 1) / 2.0) + count - 1;

    /// <summary>
    /// The mixture of lowest BIC reachable from <paramref name="count"/> modes (row-major <paramref name="rows"/>,
    /// <paramref name="size"/> values each) by splitting a mode in two or merging two, every mode of it holding at least
    /// <paramref name="minRows"/> rows (more than <paramref name="size"/>, for a covariance), no fewer modes than the
    /// start and at most <paramref name="maxCount"/>; null when the start's modes do not all hold that many. Deterministic for a seed.
    /// </summary>
    public static GaussianModes? Search(double[] rows, int size, int count, int maxCount, int minRows, int seed)
    {
        bool Fills(GaussianModes mixture) => mixture.Counts().All(c => c >= minRows);
        var current = Fit(rows, size, count, seed);
        if (!Fills(current))
            return null;
        // Merges never go below the start: BIC counts d + d(d+1)/2 parameters per mode, and with wide rows one Gaussian
        // over two clearly separated clusters costs less than that (40-D, 2,500 rows: two modes of 4% and 9% merged),
        // while a generator needs them apart. Splits and merges above the start correct the start's partition.
        var ridge = Floor(rows, size);
        for (int move = 0; move < MaxMoves; move++)
        {
            var better = Moves(rows, size, current, count, maxCount, minRows, ridge, seed).Take(ProposalsPerRound)
                .Select(labels => Expectation(rows, size, labels))
                .FirstOrDefault(candidate => candidate.Bic < current.Bic && Fills(candidate));
            if (better is null)
                break;
            current = better;
        }
        return current;
    }

    /// <summary>
    /// <paramref name="count"/> modes fitted to <paramref name="rows"/> from <see cref="Starts"/> k-means starts, the
    /// one of highest likelihood.
    /// </summary>
    public static GaussianModes Fit(double[] rows, int size, int count, int seed)
    {
        GaussianModes? best = null;
        for (int start = 0; start < Starts; start++)
        {
            var (_, labels) = KMeans.FitBest(rows, size, count, seed + start, maxIterations: 100, restarts: 1);
            var fit = Expectation(rows, size, labels);
            if (best is null || fit.LogLikelihood > best.LogLikelihood)
                best = fit;
        }
        return best!;
    }

    /// <summary>
    /// Starting labels for the moves that promise a lower BIC, most promising first: a mode split in two by 2-means, or
    /// two modes merged, where the BIC of the affected rows alone (each part one Gaussian with its sample moments) drops.
    /// </summary>
    private static IEnumerable<long[]> Moves(double[] rows, int size, GaussianModes current, int minCount, int maxCount, int minRows, double floor, int seed)
    {
        int m = rows.Length / size, k = current.Count;
        var members = Enumerable.Range(0, k).Select(c => Enumerable.Range(0, m).Where(i => current.Labels[i] == c).ToArray()).ToArray();
        var own = members.Select(part => PartLogLikelihood(rows, size, part, floor)).ToArray();
        double Bic(int[] counts, double logLikelihood)
        {
            int total = counts.Sum();
            return -2 * (logLikelihood + counts.Sum(n => n * Math.Log((double)n / total))) + Parameters(counts.Length, size) * Math.Log(m);
        }
        var proposals = new List<(double Gain, Func<long[]> Labels)>();
        for (int c = 0; c < k && k < maxCount; c++)
        {
            if (members[c].Length < 2 * minRows)
                continue;
            var values = new double[members[c].Length * size];
            for (int r = 0; r < members[c].Length; r++)
                Array.Copy(rows, members[c][r] * size, values, r * size, size);
            var (_, halves) = KMeans.FitBest(values, size, 2, seed, maxIterations: 100, restarts: 2);
            var parts = new[] { 0L, 1L }.Select(h => members[c].Where((_, j) => halves[j] == h).ToArray()).ToArray();
            if (parts.Any(p => p.Length < minRows))
                continue;
            double gain = Bic(new[] { members[c].Length }, own[c])
                - Bic(parts.Select(p => p.Length).ToArray(), parts.Sum(p => PartLogLikelihood(rows, size, p, floor)));
            var moved = parts[1];
            proposals.Add((gain, () =>
            {
                var labels = (long[])current.Labels.Clone();
                foreach (int i in moved)
                    labels[i] = k;
                return labels;
            }));
        }
        for (int a = 0; a < k && k > minCount; a++)
        {
            for (int b = a + 1; b < k; b++)
            {
                var union = members[a].Concat(members[b]).ToArray();
                double gain = Bic(new[] { members[a].Length, members[b].Length }, own[a] + own[b])
                    - Bic(new[] { union.Length }, PartLogLikelihood(rows, size, union, floor));
                long into = a, from = b;
                proposals.Add((gain, () => current.Labels.Select(label => label == from ? into : label > from ? label - 1 : label).ToArray()));
            }
        }
        return proposals.Where(p => p.Gain > 0).OrderByDescending(p => p.Gain).Select(p => p.Labels());
    }

    /// <summary>ln L of the rows of <paramref name="part"/> under one Gaussian of their sample mean and covariance plus the floor.</summary>
    private static double PartLogLikelihood(double[] rows, int size, int[] part, double floor)
    {
        int n = part.Length;
        var mean = new double[size];
        foreach (int i in part)
            for (int j = 0; j < size; j++)
                mean[j] += rows[i * size + j] / n;
        var covariance = new double[size * size];
        var centred = new double[size];
        foreach (int i in part)
        {
            for (int j = 0; j < size; j++)
                centred[j] = rows[i * size + j] - mean[j];
            for (int a = 0; a < size; a++)
                for (int b = 0; b < size; b++)
                    covariance[a * size + b] += centred[a] * centred[b] / n;
        }
        for (int j = 0; j < size; j++)
            covariance[j * size + j] += floor;
        double logDeterminant = Matrix<double>.Build.Dense(size, size, covariance).Cholesky().DeterminantLn;
        return -0.5 * n * (logDeterminant + size * (Math.Log(2 * Math.PI) + 1));
    }

    private static double Floor(double[] rows, int size)
    {
        using var scope = NewDisposeScope();
        var x = tensor(rows, new long[] { rows.Length / size, size });
        return Math.Max(CovarianceFloor * x.var(dim: 0).mean().item<double>(), 1e-12);
    }

    /// <summary>EM from hard starting labels (0 to k − 1, every label present).</summary>
    private static GaussianModes Expectation(double[] rows, int size, long[] start)
    {
        int m = rows.Length / size, count = (int)start.Max() + 1;
        using var scope = NewDisposeScope();
        var x = tensor(rows, new long[] { m, size });
        var responsibilities = nn.functional.one_hot(tensor(start), count).to_type(ScalarType.Float64); // [m, k]
        // The constants as Scalars held to the end: an operator's implicit Scalar can be finalized by the garbage collector
        // while libtorch still reads it (a collapse benchmark run crashed in this loop, which allocates managed arrays).
        using var tiny = 1e-12.ToScalar();
        using var rowCount = ((double)m).ToScalar();
        using var half = 0.5.ToScalar();
        using var two = 2.0.ToScalar();
        using var normalizer = (size * Math.Log(2 * Math.PI)).ToScalar();
        using var floor = Floor(rows, size).ToScalar();
        var ridge = eye(size, dtype: ScalarType.Float64).mul_(floor);
        double previous = double.NegativeInfinity, logLikelihood = double.NegativeInfinity;
        Tensor? logDensities = null;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            using var step = NewDisposeScope();
            // M step: weights, means and covariances from the responsibilities.
            var counts = responsibilities.sum(dim: 0).Plus(tiny);                                 // [k]
            var means = responsibilities.t().mm(x).div(counts.unsqueeze(1));                       // [k, d]
            var centred = x.unsqueeze(0).sub(means.unsqueeze(1));                                  // [k, m, d]
            var covariances = centred.mul(responsibilities.t().unsqueeze(2)).transpose(1, 2).bmm(centred)
                .div(counts.view(count, 1, 1)).Plus(ridge);                                     // [k, d, d]
            // E step: log π_c + log N(x; μ_c, Σ_c) through the Cholesky roots Σ_c = L_c L_cᵀ.
            var roots = linalg.cholesky(covariances);
            var standardized = centred.bmm(linalg.inv(roots).transpose(1, 2));                    // L_c⁻¹ (x − μ_c)
            var logDeterminants = roots.diagonal(0, 1, 2).log().sum(1).mul(two);
            var density = counts.div(rowCount).log().unsqueeze(1)
                .sub(standardized.Squared().sum(2).Plus(logDeterminants.unsqueeze(1)).Plus(normalizer).mul(half)); // [k, m]
            var total = density.logsumexp(0);
            logLikelihood = total.sum().item<double>();
            responsibilities = (density - total.unsqueeze(0)).exp().t().MoveToOuterDisposeScope();
            logDensities?.Dispose();
            logDensities = density.MoveToOuterDisposeScope();
            if (logLikelihood - previous < Tolerance * m)
                break;
            previous = logLikelihood;
        }
        var labels = logDensities!.argmax(0).data<long>().ToArray();
        return new GaussianModes(count, logLikelihood, labels, m, size);
    }
}
