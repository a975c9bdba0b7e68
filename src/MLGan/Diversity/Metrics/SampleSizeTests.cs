namespace MLGan.Diversity;

/// <summary>
/// The significance tests that calibrate the collapse verdict against what real data itself scores at the same
/// sizes: a generated sample is compared with the reference (real) sample under the null hypothesis that both are
/// draws from one distribution, so a perfect generator is flagged at most at the chosen significance level.
/// </summary>
internal static class SampleSizeTests
{
    /// <summary>
    /// P(no sample row is a hit) when <paramref name="referenceHits"/> of the <paramref name="referenceRows"/> reference
    /// rows are hits (e.g. high-quality rows of one mode) and both sets come from one distribution: the exact
    /// conditional (hypergeometric) probability that all pooled hits fell into the reference, C(n, a) / C(n + m, a).
    /// A mode counts as missing only when this is small: zero hits in a rare mode is no evidence in a small sample.
    /// </summary>
    public static double ZeroHitsPValue(int referenceHits, int referenceRows, int sampleRows)
    {
        return NoneDrawn(referenceRows + sampleRows, referenceHits, sampleRows);
    }

    /// <summary>
    /// The duplicate rate a random subset of <paramref name="size"/> reference rows has on average: a row is a
    /// duplicate when one of the other rows of its subset lies within the duplicate radius. With cᵢ the number of
    /// other reference rows within the radius of row i (<paramref name="neighbourCounts"/>), the chance that none of
    /// the size − 1 others drawn with it is one of them is hypergeometric: C(n − 1 − cᵢ, size − 1) / C(n − 1, size − 1).
    /// </summary>
    public static double ExpectedDuplicateRate(IReadOnlyList<int> neighbourCounts, int size)
    {
        int n = neighbourCounts.Count;
        if (size < 2 || n < 2)
            return 0;
        size = Math.Min(size, n);
        var cache = new Dictionary<int, double>();
        double total = 0;
        foreach (int c in neighbourCounts)
        {
            if (c <= 0)
                continue;
            if (!cache.TryGetValue(c, out double alone))
                cache[c] = alone = NoneDrawn(n - 1, c, size - 1);
            total += 1 - alone;
        }
        return total / n;
    }

    /// <summary>
    /// Two-sample permutation test of a mode histogram against the reference's: the p-value that the KL statistic
    /// KL(sample share ‖ smoothed reference share) is at least as large when the pooled rows' modes are split at
    /// random into groups of the same sizes. <paramref name="permutations"/> seeded shuffles; (1 + #{≥}) / (1 + P).
    /// </summary>
    public static double HistogramPValue(IReadOnlyList<int> sampleCounts, IReadOnlyList<int> referenceCounts, int permutations = 400, int seed = 1)
    {
        int modes = sampleCounts.Count;
        int sampleTotal = sampleCounts.Sum(), referenceTotal = referenceCounts.Sum();
        if (modes < 2 || sampleTotal == 0 || referenceTotal == 0)
            return 1;
        double observed = SmoothedKL(sampleCounts, referenceCounts);
        var pool = new int[sampleTotal + referenceTotal];
        int position = 0;
        for (int j = 0; j < modes; j++)
        {
            for (int t = 0; t < sampleCounts[j] + referenceCounts[j]; t++)
                pool[position++] = j;
        }
        var random = new Random(seed);
        var drawn = new int[modes];
        var rest = new int[modes];
        // A partial Fisher–Yates shuffle draws the smaller group; the rest of the pool is the other one.
        bool drawSample = sampleTotal <= referenceTotal;
        int draws = drawSample ? sampleTotal : referenceTotal;
        int atLeast = 0;
        for (int p = 0; p < permutations; p++)
        {
            Array.Clear(drawn);
            for (int i = 0; i < draws; i++)
            {
                int k = i + random.Next(pool.Length - i);
                (pool[i], pool[k]) = (pool[k], pool[i]);
                drawn[pool[i]]++;
            }
            for (int j = 0; j < modes; j++)
                rest[j] = sampleCounts[j] + referenceCounts[j] - drawn[j];
            double statistic = drawSample ? SmoothedKL(drawn, rest) : SmoothedKL(rest, drawn);
            if (statistic >= observed - 1e-12)
                atLeast++;
        }
        return (1.0 + atLeast) / (1.0 + permutations);
    }

    /// <summary>
    /// The hypergeometric probability that <paramref name="draws"/> items taken without replacement from
    /// <paramref name="population"/> include none of its <paramref name="marked"/> ones:
    /// C(N − K, n) / C(N, n) = Πₜ (N − n − t) / (N − t) over t &lt; K, summed in logs. (MathNet.Numerics 5.0's
    /// Hypergeometric.PMF returns NaN for populations of a few thousand, which the verdict meets every time.)
    /// </summary>
    internal static double NoneDrawn(int population, int marked, int draws)
    {
        if (marked <= 0 || draws <= 0)
            return 1;
        if (marked > population - draws)
            return 0;
        double log = 0;
        for (int t = 0; t < marked; t++)
        {
            log += Math.Log((double)(population - draws - t) / (population - t));
            if (log < -745)
                return 0; // below the smallest double
        }
        return Math.Exp(log);
    }

    /// <summary>KL(p ‖ q) with p the sample shares and q the reference shares smoothed by half a row per mode (so q &gt; 0).</summary>
    private static double SmoothedKL(IReadOnlyList<int> sample, IReadOnlyList<int> reference)
    {
        double sampleTotal = sample.Sum(), referenceTotal = reference.Sum() + 0.5 * reference.Count;
        double kl = 0;
        for (int j = 0; j < sample.Count; j++)
        {
            if (sample[j] == 0)
                continue;
            double p = sample[j] / sampleTotal, q = (reference[j] + 0.5) / referenceTotal;
            kl += p * Math.Log(p / q);
        }
        return kl;
    }
}
