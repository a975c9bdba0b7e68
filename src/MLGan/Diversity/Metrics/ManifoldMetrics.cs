using static TorchSharp.torch;
using MLGan.Tensors;

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
/// distances, so the test allows for rounding: ‖q − c‖² ≤ r²(1 + 2⁻²⁰) + η(‖q‖² + ‖c‖²) (norms after centring on
/// the query's cell; η = <see cref="CellBlocks.RoundingAllowance"/>, about 1e-15), i.e. a point whose distance
/// equals the radius up to about 8 float32 ulps counts as inside, and a point equal to a centre is inside even
/// when that radius is 0. Sample sets are float32
/// [rows, features]; radii are float32 [rows]; pairs that can pass are found and computed as in <see cref="CellBlocks"/>.
/// </remarks>
internal static class ManifoldMetrics
{
    /// <summary>k of improved precision and recall (Kynkäänniemi et al. 2019).</summary>
    public const int PrecisionRecallNeighbors = 3;

    /// <summary>k of density and coverage (Naeem et al. 2020).</summary>
    public const int DensityCoverageNeighbors = 5;

    /// <summary>Relative allowance on r² for radii rounded to float32 (2⁻²⁰ ≈ 9.5e-7).</summary>
    internal const double RadiusTolerance = 1.0 / (1L << 20);

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

    /// <summary>Per query: inside at least one ball (bool [queries]); arguments already checked.</summary>
    private static Tensor Inside(Tensor queries, Tensor centres, Tensor radii, int blockRows)
    {
        using var counts = Counts(queries, centres, radii, blockRows);
        return counts.GreaterThan(0);
    }

    /// <summary>Per query: the number of balls holding it (int64 [queries]); arguments already checked.</summary>
    private static Tensor Counts(Tensor queries, Tensor centres, Tensor radii, int blockRows)
    {
        using var scope = NewDisposeScope();
        var limits = SquaredLimits(radii);
        var counts = zeros(queries.shape[0], dtype: ScalarType.Int64, device: queries.device);
        ForEachBallBlock(queries, centres, radii, blockRows, block =>
            counts.index_add_(0, block.QueryIndices, block.Tile.le(limits.index_select(0, block.ReferenceIndices)).sum(1), HeldScalarOps.One));
        return counts.MoveToOuterDisposeScope();
    }

    /// <summary>Per ball: holds at least one query (bool [centres]); arguments already checked.</summary>
    private static Tensor Covered(Tensor centres, Tensor radii, Tensor queries, int blockRows)
    {
        using var scope = NewDisposeScope();
        var limits = SquaredLimits(radii);
        var covered = zeros(centres.shape[0], dtype: ScalarType.Bool, device: centres.device);
        ForEachBallBlock(queries, centres, radii, blockRows, block =>
        {
            var (closest, _) = block.Tile.min(0);
            covered.index_fill_(0, block.ReferenceIndices.masked_select(closest.le(limits.index_select(0, block.ReferenceIndices))), HeldScalarOps.True);
        });
        return covered.MoveToOuterDisposeScope();
    }

    /// <summary>The blocks of queries × ball centres that hold every query inside a ball.</summary>
    private static void ForEachBallBlock(Tensor queries, Tensor centres, Tensor radii, int blockRows, Action<CellBlocks.Block> visit)
    {
        var (queryCells, centreCells) = RowCells.ForPairs(queries, centres);
        CellBlocks.ForEach(queryCells, centreCells, 0, excludeSelf: false, null, radii.to_type(ScalarType.Float64), blockRows, visit);
    }

    /// <summary>The ball test's squared limits (1 + τ) r² (float64), allowing for radii rounded to float32.</summary>
    internal static Tensor SquaredLimits(Tensor radii) => radii.to_type(ScalarType.Float64).Squared().MulInPlace(1 + RadiusTolerance);

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
