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
    /// within 3 standard deviations of the nearest centre (PacGAN, VEEGAN).
    /// </summary>
    public DiversityScoringOptions ScoringOptions(string featureColumnName = "Features") => new()
    {
        FeatureColumnName = featureColumnName,
        ModeCenters = Centers.Select(c => (float[])c.Clone()).ToArray(),
        QualityRadius = 3 * StandardDeviation,
    };

    private static double NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
