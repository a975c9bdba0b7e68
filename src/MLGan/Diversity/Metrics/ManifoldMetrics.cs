using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>
/// Set-level fidelity and diversity from k-NN balls around samples: improved precision and recall
/// (Kynkäänniemi et al. 2019, "Improved precision and recall metric for assessing generative models", k = 3)
/// and density and coverage (Naeem et al. 2020, "Reliable fidelity and diversity metrics for generative
/// models", k = 5). The ball of sample i has centre x_i and radius r_i = distance from x_i to its k-th nearest
/// other sample of its own set (<see cref="NearestNeighbors.KthNeighborDistances"/>); the union of a set's
/// balls estimates that set's manifold.
/// </summary>
/// <remarks>
/// A point is inside a ball when ‖q − c‖ ≤ r (inclusive). Radii usually arrive as float32 roundings of exact
/// distances, so the test allows for rounding: ‖q − c‖² ≤ r²(1 + 2⁻²⁰) + 2⁻⁴⁰(‖q‖² + ‖c‖²) (norms after
/// centring), i.e. a point whose distance equals the radius up to about 8 float32 ulps counts as inside, and
/// a point equal to a centre is inside even when that radius is 0. Sample sets are float32 [rows, features];
/// radii are float32 [rows]; all work is blocked as in <see cref="DistanceBlocks"/>.
/// </remarks>
internal static class ManifoldMetrics
{
    /// <summary>k of improved precision and recall (Kynkäänniemi et al. 2019).</summary>
    public const int PrecisionRecallNeighbors = 3;

    /// <summary>k of density and coverage (Naeem et al. 2020).</summary>
    public const int DensityCoverageNeighbors = 5;

    /// <summary>Relative allowance on r² for radii rounded to float32 (2⁻²⁰ ≈ 9.5e-7).</summary>
    internal const double RadiusTolerance = 1.0 / (1L << 20);

    /// <summary>Allowance, relative to ‖q‖² + ‖c‖², for the float64 cancellation error of the matrix-product form (2⁻⁴⁰ ≈ 9.1e-13).</summary>
    internal const double RoundingAllowance = 1.0 / (1L << 40);

    /// <summary>
    /// Improved precision: the share of <paramref name="fake"/> rows inside the union of the balls
    /// B(real_i, realRadii_i). 1 means every generated sample lies on the estimated real manifold.
    /// </summary>
    public static double Precision(Tensor real, Tensor realRadii, Tensor fake, int blockRows = 0)
    {
        CheckBalls(real, nameof(real), realRadii, nameof(realRadii), fake, nameof(fake), blockRows);
        using var inside = Inside(fake, real, realRadii, blockRows);
        return MeanOf(inside);
    }

    /// <summary>
    /// Improved recall: the share of <paramref name="real"/> rows inside the union of the balls
    /// B(fake_j, fakeRadii_j). 1 means the generated manifold covers every real sample.
    /// </summary>
    public static double Recall(Tensor real, Tensor fake, Tensor fakeRadii, int blockRows = 0)
    {
        CheckBalls(fake, nameof(fake), fakeRadii, nameof(fakeRadii), real, nameof(real), blockRows);
        using var inside = Inside(real, fake, fakeRadii, blockRows);
        return MeanOf(inside);
    }

    /// <summary>
    /// Density: (1 / (k M)) Σ_j Σ_i 1[fake_j ∈ B(real_i, r_i)] over the M fake rows and N real balls. It counts
    /// how many real balls hold each fake sample, so it rewards samples in dense real regions and can exceed 1;
    /// its expectation is 1 when fake and real come from the same distribution.
    /// </summary>
    /// <param name="k">The k that produced <paramref name="realRadii"/>.</param>
    public static double Density(Tensor real, Tensor realRadii, Tensor fake, int k, int blockRows = 0)
    {
        CheckBalls(real, nameof(real), realRadii, nameof(realRadii), fake, nameof(fake), blockRows);
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be the k of the k-NN radii, at least 1 (got {k}).");
        using var counts = Counts(fake, real, realRadii, blockRows);
        using var total = counts.sum();
        return total.item<long>() / ((double)k * fake.shape[0]);
    }

    /// <summary>
    /// Coverage: (1 / N) Σ_i 1[∃ j: fake_j ∈ B(real_i, r_i)], the share of real balls that hold at least one
    /// fake sample. Unlike recall it uses only real balls, so it is robust to fake outliers.
    /// </summary>
    public static double Coverage(Tensor real, Tensor realRadii, Tensor fake, int blockRows = 0)
    {
        CheckBalls(real, nameof(real), realRadii, nameof(realRadii), fake, nameof(fake), blockRows, minBalls: 1);
        using var covered = Covered(real, realRadii, fake, blockRows);
        return MeanOf(covered);
    }

    /// <summary>
    /// Whether each query row lies in at least one ball B(centres_i, radii_i): bool [queries]. The per-row form
    /// of precision (queries = fake, balls = real) and recall (queries = real, balls = fake).
    /// </summary>
    public static Tensor InsideBalls(Tensor queries, Tensor centres, Tensor radii, int blockRows = 0)
    {
        CheckBalls(centres, nameof(centres), radii, nameof(radii), queries, nameof(queries), blockRows, minQueries: 0);
        return Inside(queries, centres, radii, blockRows);
    }

    /// <summary>
    /// How many balls B(centres_i, radii_i) hold each query row: int64 [queries]. The per-row form of density
    /// (divide the sum by k × queries).
    /// </summary>
    public static Tensor BallCounts(Tensor queries, Tensor centres, Tensor radii, int blockRows = 0)
    {
        CheckBalls(centres, nameof(centres), radii, nameof(radii), queries, nameof(queries), blockRows, minQueries: 0);
        return Counts(queries, centres, radii, blockRows);
    }

    /// <summary>
    /// Whether each ball B(centres_i, radii_i) holds at least one of <paramref name="queries"/>: bool [centres].
    /// The per-row form of coverage (balls = real, queries = fake).
    /// </summary>
    public static Tensor CoveredBalls(Tensor centres, Tensor radii, Tensor queries, int blockRows = 0)
    {
        CheckBalls(centres, nameof(centres), radii, nameof(radii), queries, nameof(queries), blockRows, minBalls: 0);
        return Covered(centres, radii, queries, blockRows);
    }

    // The ball test ‖q − c‖² ≤ r²(1 + τ) + η(‖q‖² + ‖c‖²) is rewritten for DistanceBlocks.ForEachBlock as
    // centreTerm − 2 q·c ≤ −queryTerm with queryTerm = (1 − η)‖q‖² and centreTerm = (1 − η)‖c‖² − (1 + τ) r²
    // (the radius term goes with whichever side carries the radii).

    /// <summary>Per query: inside at least one ball (bool [queries]); arguments already checked.</summary>
    private static Tensor Inside(Tensor queries, Tensor centres, Tensor radii, int blockRows)
    {
        using var counts = Counts(queries, centres, radii, blockRows);
        return counts.gt(0);
    }

    /// <summary>Per query: the number of balls holding it (int64 [queries]); arguments already checked.</summary>
    private static Tensor Counts(Tensor queries, Tensor centres, Tensor radii, int blockRows)
    {
        using var scope = NewDisposeScope();
        var (q, c) = DistanceBlocks.Centred(queries, centres);
        var queryTerms = DistanceBlocks.SquaredNorms(q).mul_(1 - RoundingAllowance);
        var counts = empty(q.shape[0], dtype: ScalarType.Int64, device: q.device);
        DistanceBlocks.ForEachBlock(q, c, BallTerms(c, radii), blockRows, (start, tile) =>
        {
            long length = tile.shape[0];
            var limit = queryTerms.narrow(0, start, length).neg().unsqueeze(1);
            counts.narrow(0, start, length).copy_(tile.le(limit).sum(1));
        });
        return counts.MoveToOuterDisposeScope();
    }

    /// <summary>Per ball: holds at least one query (bool [centres]); arguments already checked.</summary>
    private static Tensor Covered(Tensor centres, Tensor radii, Tensor queries, int blockRows)
    {
        using var scope = NewDisposeScope();
        // Blocks of balls against all queries: ball i is covered when its nearest query fits its own radius.
        var (c, q) = DistanceBlocks.Centred(centres, queries);
        var queryTerms = DistanceBlocks.SquaredNorms(q).mul_(1 - RoundingAllowance);
        var centreTerms = BallTerms(c, radii);
        var covered = empty(c.shape[0], dtype: ScalarType.Bool, device: c.device);
        DistanceBlocks.ForEachBlock(c, q, queryTerms, blockRows, (start, tile) =>
        {
            long length = tile.shape[0];
            var (closest, _) = tile.min(1);
            covered.narrow(0, start, length).copy_(closest.le(centreTerms.narrow(0, start, length).neg()));
        });
        return covered.MoveToOuterDisposeScope();
    }

    /// <summary>(1 − η)‖c_i‖² − (1 + τ) r_i² for centred ball centres c.</summary>
    private static Tensor BallTerms(Tensor centres, Tensor radii)
    {
        var r = radii.to_type(ScalarType.Float64);
        return DistanceBlocks.SquaredNorms(centres).mul_(1 - RoundingAllowance).sub_(r.square().mul_(1 + RadiusTolerance));
    }

    /// <summary>Checks a ball set (centres with one radius each), a query set, and a block size.</summary>
    private static void CheckBalls(Tensor centres, string centresName, Tensor radii, string radiiName,
        Tensor queries, string queriesName, int blockRows, long minBalls = 1, long minQueries = 1)
    {
        MetricInputs.Rows(centres, centresName, minBalls);
        MetricInputs.Radii(radii, radiiName, centres, centresName);
        MetricInputs.Rows(queries, queriesName, minQueries);
        MetricInputs.SameFeatures(centres, centresName, queries, queriesName);
        MetricInputs.BlockRows(blockRows);
    }

    /// <summary>Share of true flags (or mean count) over a non-empty 1-D tensor.</summary>
    private static double MeanOf(Tensor flags)
    {
        using var count = flags.sum();
        return count.item<long>() / (double)flags.shape[0];
    }
}
