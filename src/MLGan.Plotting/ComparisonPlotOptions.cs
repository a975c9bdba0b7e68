namespace MLGan.Plotting;

/// <summary>Options of <see cref="GanPlotCatalog.Comparison"/>: real vs generated rows in one picture.</summary>
public sealed class ComparisonPlotOptions
{
    /// <summary>The vector column (known-size vector of Single) of the real data. Default "Features".</summary>
    public string RealColumnName = "Features";

    /// <summary>The vector column of the generated data; null: the same name as <see cref="RealColumnName"/>.</summary>
    public string? GeneratedColumnName;

    /// <summary>
    /// Mode centres in the data's space (each as long as a row), e.g. <see cref="DiversityScoringTransformer.ModeCenters"/>
    /// or a mixture's known centres. When set, generated points are coloured by their nearest centre (nearest in the
    /// data's own space, not in the picture), each centre is marked with the number of generated rows nearest to it,
    /// and a centre no generated row is nearest to is labelled in red: the visual coverage check.
    /// </summary>
    public IReadOnlyList<float[]>? ModeCenters;

    /// <summary>At most this many rows of each set are drawn (the first ones). Default 5,000; 1 to 100,000.</summary>
    public int MaxPointsPerSet = 5_000;

    /// <summary>The plot's title. Default "Real vs generated".</summary>
    public string Title = "Real vs generated";

    /// <summary>Picture width in pixels (64 to 8,192). Default 800.</summary>
    public int Width = 800;

    /// <summary>Picture height in pixels (64 to 8,192). Default 640.</summary>
    public int Height = 640;

    /// <summary>Seed of the principal component projection used for rows wider than 2 values (ML.NET's randomized PCA).</summary>
    public int Seed = 1;
}
