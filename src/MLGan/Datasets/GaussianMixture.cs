namespace MLGan.Datasets;

/// <summary>
/// An equal-weight mixture of isotropic Gaussians, and the two standard mode-collapse test sets built from
/// it: the ring of 8 and the grid of 25 modes (protocols of Srivastava et al. 2017, VEEGAN, and
/// Lin et al. 2018, PacGAN).
/// </summary>
public sealed class GaussianMixture
{
    /// <summary>Creates a mixture from its mode centres and the standard deviation shared by all modes.</summary>
    public GaussianMixture(float[][] centers, float standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(centers);
        if (centers.Length == 0 || centers.Any(c => c is null || c.Length != centers[0].Length || c.Length == 0))
            throw new ArgumentException("A mixture needs at least one centre, all of the same positive length.", nameof(centers));
        if (!(standardDeviation > 0))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be positive.");
        Centers = centers.Select(c => (float[])c.Clone()).ToArray();
        StandardDeviation = standardDeviation;
    }

    /// <summary>Mode centres.</summary>
    public IReadOnlyList<float[]> Centers { get; }

    /// <summary>Standard deviation of every mode, per dimension.</summary>
    public float StandardDeviation { get; }

    /// <summary>Values per sample.</summary>
    public int Dimension => Centers[0].Length;

    /// <summary>8 modes evenly spaced on a circle of radius 1, standard deviation 0.01.</summary>
    public static GaussianMixture Ring(int modes = 8, float radius = 1f, float standardDeviation = 0.01f)
        => new(Enumerable.Range(0, modes)
            .Select(k => new[] { radius * MathF.Cos(2 * MathF.PI * k / modes), radius * MathF.Sin(2 * MathF.PI * k / modes) })
            .ToArray(), standardDeviation);

    /// <summary>25 modes at {-4, -2, 0, 2, 4}², standard deviation 0.05.</summary>
    public static GaussianMixture Grid(int side = 5, float spacing = 2f, float standardDeviation = 0.05f)
    {
        float offset = (side - 1) * spacing / 2;
        return new(Enumerable.Range(0, side * side)
            .Select(k => new[] { k / side * spacing - offset, k % side * spacing - offset })
            .ToArray(), standardDeviation);
    }

    /// <summary>
    /// The same mixture placed in a random 2-D plane of a <paramref name="dimension"/>-dimensional space: each
    /// centre (c₁, c₂) becomes c₁·u + c₂·v for a seeded random orthonormal pair (u, v), and every mode keeps its
    /// standard deviation in every one of the <paramref name="dimension"/> directions (full rank), so the modes
    /// are as far apart as before while each is a <paramref name="dimension"/>-dimensional Gaussian ball.
    /// </summary>
    /// <param name="dimension">Values per sample, 2 to 1,024.</param>
    /// <param name="seed">Seed of the plane's orientation.</param>
    /// <exception cref="InvalidOperationException">The mixture is not 2-dimensional.</exception>
    public GaussianMixture InRandomPlane(int dimension, int seed)
    {
        if (Dimension != 2)
            throw new InvalidOperationException($"Only a 2-D mixture can be placed in a plane; this one has {Dimension} dimensions.");
        if (dimension is < 2 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be between 2 and 1,024.");
        var random = new Random(seed);
        var u = RandomUnitVector(random, dimension, orthogonalTo: null);
        var v = RandomUnitVector(random, dimension, orthogonalTo: u);
        var centers = Centers.Select(c => Enumerable.Range(0, dimension).Select(j => (float)(c[0] * u[j] + c[1] * v[j])).ToArray()).ToArray();
        return new GaussianMixture(centers, StandardDeviation);
    }

    /// <summary>
    /// The radius within which a sample counts as high quality: 3 standard deviations in 2-D (PacGAN, VEEGAN),
    /// and in d dimensions the radius holding the same share of a mode's own samples, σ·√(χ²_d⁻¹(1 − e^(−4.5)))
    /// (98.9% of each mode; 3.85σ in 5-D, 4.79σ in 10-D), so real rows score the same in every dimension.
    /// </summary>
    public float QualityRadius => Dimension == 2
        ? 3 * StandardDeviation
        : (float)(StandardDeviation * Math.Sqrt(MathNet.Numerics.Distributions.ChiSquared.InvCDF(Dimension, 1 - Math.Exp(-4.5))));

    private static double[] RandomUnitVector(Random random, int dimension, double[]? orthogonalTo)
    {
        while (true)
        {
            var x = Enumerable.Range(0, dimension).Select(_ => NextGaussian(random)).ToArray();
            if (orthogonalTo is not null)
            {
                double dot = x.Zip(orthogonalTo, (a, b) => a * b).Sum();
                for (int j = 0; j < dimension; j++)
                    x[j] -= dot * orthogonalTo[j];
            }
            double norm = Math.Sqrt(x.Sum(a => a * a));
            if (norm > 1e-6)
                return x.Select(a => a / norm).ToArray();
        }
    }

    /// <summary>
    /// <paramref name="count"/> samples, each from a uniformly chosen mode; the same seed gives the same samples.
    /// </summary>
    public float[][] Sample(int count, int seed)
    {
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "The sample count cannot be negative.");
        var random = new Random(seed);
        var samples = new float[count][];
        for (int i = 0; i < count; i++)
        {
            var center = Centers[random.Next(Centers.Count)];
            var sample = new float[Dimension];
            for (int j = 0; j < Dimension; j++)
                sample[j] = center[j] + StandardDeviation * (float)NextGaussian(random);
            samples[i] = sample;
        }
        return samples;
    }

    /// <summary>
    /// Diversity-scoring options for this mixture's protocol: its centres as the modes, and high quality meaning
    /// within <see cref="QualityRadius"/> of the nearest centre (3 standard deviations in 2-D: PacGAN, VEEGAN).
    /// </summary>
    public DiversityScoringOptions ScoringOptions(string featureColumnName = "Features") => new()
    {
        FeatureColumnName = featureColumnName,
        ModeCenters = Centers.Select(c => (float[])c.Clone()).ToArray(),
        QualityRadius = QualityRadius,
    };

    private static double NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
