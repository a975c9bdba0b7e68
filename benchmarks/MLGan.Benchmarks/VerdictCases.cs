using MLGan.Datasets;

namespace MLGan.Benchmarks;

/// <summary>
/// Seeded reference/sample pairs for calibrating the collapse verdict. A <em>real</em> case draws the sample
/// from the reference's own distribution (a perfect generator: the verdict must say healthy, up to its
/// significance level); a <em>collapsed</em> case draws it from a degraded one (dropped modes, one point,
/// a narrow copy), which the verdict must flag.
/// </summary>
internal sealed record VerdictCase(string Name, bool Collapsed, Func<int, (float[][] Reference, float[][] Sample)> Draw, Func<DiversityScoringOptions>? Scoring = null)
{
    public DiversityScoringOptions ScoringOptions(int seed)
    {
        var options = Scoring?.Invoke() ?? new DiversityScoringOptions();
        options.Seed = seed;
        return options;
    }

    public static readonly GaussianMixture Ring = GaussianMixture.Ring();
    public static readonly GaussianMixture Grid = GaussianMixture.Grid();
    public static readonly GaussianMixture Ring5 = new(GaussianMixture.Ring(radius: 4).Centers.Select(c => new[] { c[0], c[1], 0.5f * c[0], 0f, -c[1] }).ToArray(), 0.3f);

    /// <summary>Ten well-separated modes, one holding 2% of the rows and the others an equal share of the rest.</summary>
    public static readonly WeightedModes TenModes = new(Enumerable.Range(0, 10).Select(k => new[] { 3f * (k % 5), 3f * (k / 5) }).ToArray(), 0.1f,
        Enumerable.Range(0, 10).Select(k => k == 0 ? 0.02 : 0.98 / 9).ToArray());

    /// <summary>The cases named in the verdict's calibration (README, RESULTS.md).</summary>
    public static IReadOnlyList<VerdictCase> All { get; } = new VerdictCase[]
    {
        new("heavy-tailed table, 120 vs 1,200", false, s => (Table(120, s), Table(1200, s + 50_000))),
        new("heavy-tailed table, 2,000 vs 20,000", false, s => (Table(2000, s), Table(20_000, s + 50_000))),
        new("discrete grid {0,1,2}², 300 vs 300", false, s => (Discrete(300, 3, s), Discrete(300, 3, s + 50_000))),
        new("integer grid 5x5, 1,000 vs 1,000", false, s => (Discrete(1000, 5, s), Discrete(1000, 5, s + 50_000))),
        new("2-D standard normal, 120 vs 120", false, s => (Normal(120, 2, s), Normal(120, 2, s + 50_000))),
        new("ring, 20 vs 500", false, s => (Ring.Sample(20, s), Ring.Sample(500, s + 50_000))),
        new("ring, 2,000 vs 1,000 (monitor sizes)", false, s => (Ring.Sample(2000, s), Ring.Sample(1000, s + 50_000))),
        new("grid (given centres), 2,000 vs 2,500", false, s => (Grid.Sample(2000, s), Grid.Sample(2500, s + 50_000)), () => Grid.ScoringOptions()),
        new("30-d table with outliers, halves of 570", false, s => Halves(CorrelatedTable(570, 30, s), s)),
        new("4 modes + a 2% mode, 10,000 vs 5,000", false, s => (RareMode(10_000, 0.02, s), RareMode(5000, 0.02, s + 50_000))),
        new("10 modes, one at 2% (given centres), 5,000 vs 2,500", false, s => (TenModes.Sample(5000, s), TenModes.Sample(2500, s + 50_000)), () => TenModes.Options()),
        new("5-d ring, 2,000 vs 1,000", false, s => (Ring5.Sample(2000, s), Ring5.Sample(1000, s + 50_000))),

        new("ring, half the modes", true, s => (Ring.Sample(2000, s), Subset(Ring, m => m % 2 == 0).Sample(1000, s + 50_000))),
        new("ring, one point", true, s => (Ring.Sample(2000, s), Enumerable.Repeat(new[] { 1f, 0f }, 1000).ToArray())),
        new("grid (given centres), 10 of 25 modes", true, s => (Grid.Sample(2000, s), Subset(Grid, m => m < 10).Sample(2500, s + 50_000)), () => Grid.ScoringOptions()),
        new("4 modes + a 2% mode, the 2% mode dropped", true, s => (RareMode(10_000, 0.02, s), RareMode(5000, 0, s + 50_000))),
        new("ring, within-mode collapse (std / 20)", true, s => (Ring.Sample(2000, s), GaussianMixture.Ring(standardDeviation: 0.0005f).Sample(1000, s + 50_000))),
    };

    private static GaussianMixture Subset(GaussianMixture mixture, Func<int, bool> keep)
        => new(mixture.Centers.Where((_, i) => keep(i)).ToArray(), mixture.StandardDeviation);

    /// <summary>Year (integers 2015–2021) and two log-normal amounts (σ of the log 2), in raw units.</summary>
    public static float[][] Table(int rows, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ => new[]
        {
            2015f + random.Next(7),
            (float)Math.Exp(8 + 2 * Gaussian(random)),
            (float)Math.Exp(5 + 2 * Gaussian(random)),
        }).ToArray();
    }

    /// <summary>Uniform on the integer grid {0, …, side − 1}².</summary>
    public static float[][] Discrete(int rows, int side, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ => new[] { (float)random.Next(side), random.Next(side) }).ToArray();
    }

    public static float[][] Normal(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)Gaussian(random)).ToArray()).ToArray();
    }

    /// <summary>Four Gaussians at the corners of a square (std 0.5, spacing 10) and a fifth, far off, holding <paramref name="rareShare"/> of the rows.</summary>
    public static float[][] RareMode(int rows, double rareShare, int seed)
    {
        var random = new Random(seed);
        var centres = new[] { new[] { 0f, 0f }, new[] { 10f, 0f }, new[] { 0f, 10f }, new[] { 10f, 10f } };
        return Enumerable.Range(0, rows).Select(_ =>
        {
            var c = random.NextDouble() < rareShare ? new[] { 25f, 5f } : centres[random.Next(4)];
            return new[] { c[0] + 0.5f * (float)Gaussian(random), c[1] + 0.5f * (float)Gaussian(random) };
        }).ToArray();
    }

    /// <summary>
    /// A standardized table of <paramref name="columns"/> correlated columns in two classes (63% / 37%) with heavy
    /// (Student t, 3 degrees of freedom) noise, so a few rows lie far out: the shape of a real tabular data set.
    /// </summary>
    public static float[][] CorrelatedTable(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var loadings = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, columns).Select(_ => Gaussian(random)).ToArray()).ToArray();
        var shift = Enumerable.Range(0, columns).Select(_ => 1.5 * Gaussian(random)).ToArray();
        var table = Enumerable.Range(0, rows).Select(_ =>
        {
            bool second = random.NextDouble() < 0.37;
            var factors = loadings.Select(_ => Gaussian(random)).ToArray();
            double scale = Math.Sqrt(3 / Chi2(random, 3));
            return Enumerable.Range(0, columns).Select(j =>
                (second ? shift[j] : 0) + factors.Select((f, i) => f * loadings[i][j]).Sum() + 0.5 * scale * Gaussian(random)).ToArray();
        }).ToArray();
        // Standardize each column, as a user would before scoring.
        for (int j = 0; j < columns; j++)
        {
            double mean = table.Average(r => r[j]), std = Math.Sqrt(table.Average(r => (r[j] - mean) * (r[j] - mean)));
            foreach (var r in table)
                r[j] = (r[j] - mean) / std;
        }
        return table.Select(r => r.Select(v => (float)v).ToArray()).ToArray();
    }

    /// <summary>A seeded random split of <paramref name="rows"/> into two halves.</summary>
    public static (float[][], float[][]) Halves(float[][] rows, int seed)
    {
        var order = Enumerable.Range(0, rows.Length).ToArray();
        new Random(seed).Shuffle(order);
        return (order.Take(rows.Length / 2).Select(i => rows[i]).ToArray(), order.Skip(rows.Length / 2).Select(i => rows[i]).ToArray());
    }

    private static double Chi2(Random random, int degrees) => Enumerable.Range(0, degrees).Sum(_ => Math.Pow(Gaussian(random), 2));

    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

/// <summary>Isotropic Gaussian modes with unequal weights.</summary>
internal sealed record WeightedModes(float[][] Centers, float StandardDeviation, double[] Weights)
{
    public float[][] Sample(int rows, int seed)
    {
        var random = new Random(seed);
        var cumulative = Weights.Select((w, i) => Weights.Take(i + 1).Sum()).ToArray();
        return Enumerable.Range(0, rows).Select(_ =>
        {
            double u = random.NextDouble();
            var c = Centers[Math.Min(Centers.Length - 1, cumulative.Count(x => x < u))];
            return c.Select(v => v + StandardDeviation * (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble()))).ToArray();
        }).ToArray();
    }

    /// <summary>Known centres, high quality within 3 standard deviations.</summary>
    public DiversityScoringOptions Options() => new()
    {
        ModeCenters = Centers.Select(c => (float[])c.Clone()).ToArray(),
        QualityRadius = 3 * StandardDeviation,
    };
}
