namespace MLGan;

/// <summary>
/// Options for <see cref="DiversityScoringEstimator"/>: which column to score, how large a reference sample
/// to keep, and where the modes of the real data are (given, or found by k-means). Distances are Euclidean in
/// the column's own units: normalize columns of very different scales first (e.g. NormalizeMeanVariance).
/// </summary>
public sealed class DiversityScoringOptions
{
    /// <summary>The column to score: a known-size vector of <see cref="float"/>, in reference and scored data alike.</summary>
    public string FeatureColumnName = "Features";

    /// <summary>Most reference rows kept (a seeded random subset of larger data). Scoring needs at least 20 real rows; under 200 the verdict notes that it has little power.</summary>
    public int MaxReferenceRows = 10_000;

    /// <summary>
    /// Known mode centres of the real data (e.g. the 8 ring or 25 grid centres of the PacGAN protocol). When unset,
    /// modes are found by k-means on the reference rows.
    /// </summary>
    public float[][]? ModeCenters;

    /// <summary>
    /// With <see cref="ModeCenters"/>: a row is high quality when it lies within this distance of its nearest
    /// centre (the PacGAN protocol uses 3 standard deviations of a mode). Required with <see cref="ModeCenters"/>.
    /// </summary>
    public float? QualityRadius;

    /// <summary>
    /// With <see cref="ModeCenters"/>: the real data's share of each mode (any non-negative numbers, normalized). When
    /// unset, the shares are measured from the reference rows (high-quality rows per mode). The verdict compares a
    /// sample's mode histogram with these weights; <see cref="DiversityMetrics.ReverseKLToUniform"/> keeps the
    /// published protocols' comparison with equal weights.
    /// </summary>
    public double[]? ModeWeights;

    /// <summary>Number of k-means modes; when unset it is chosen by the best mean silhouette between 2 and <see cref="MaxModes"/>.</summary>
    public int? NumberOfModes;

    /// <summary>
    /// Largest number of modes the automatic choice considers. The choice also keeps at least 20 reference rows per
    /// mode on average, so small or heavy-tailed references do not get a mode for every few rows.
    /// </summary>
    public int MaxModes = 30;

    /// <summary>
    /// For k-means modes: a mode's quality radius is this quantile of its reference rows' distances to its centre
    /// (0.99 matches 3 standard deviations of a 2-D Gaussian).
    /// </summary>
    public double QualityQuantile = 0.99;

    /// <summary>Bins of the NDB test (k-means on the reference rows).</summary>
    public int NdbBins = 20;

    /// <summary>
    /// Two generated rows closer than this are near-duplicates. When unset: a tenth of the median distance
    /// between a reference row and its nearest other reference row.
    /// </summary>
    public float? DuplicateRadius;

    /// <summary>Seed of subsampling and k-means; when unset it is drawn from the <see cref="Microsoft.ML.MLContext"/>'s seed.</summary>
    public int? Seed;

    /// <summary>Output column: distance from the row to its nearest reference row (Single).</summary>
    public string DistanceColumnName = "DistanceToReference";

    /// <summary>Output column: whether the row lies inside the reference k-NN manifold, k = 3 (Boolean).</summary>
    public string InManifoldColumnName = "InReferenceManifold";

    /// <summary>Output column: index of the nearest mode (Int32).</summary>
    public string ModeColumnName = "Mode";

    /// <summary>Output column: whether the row is within its nearest mode's quality radius (Boolean).</summary>
    public string HighQualityColumnName = "IsHighQuality";

    internal DiversityScoringOptions Clone()
    {
        var copy = (DiversityScoringOptions)MemberwiseClone();
        copy.ModeCenters = ModeCenters?.Select(c => (float[])c.Clone()).ToArray();
        copy.ModeWeights = (double[]?)ModeWeights?.Clone();
        return copy;
    }

    internal void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(FeatureColumnName), nameof(FeatureColumnName), "must name a column");
        Require(MaxReferenceRows is >= 20 and <= 1_000_000, nameof(MaxReferenceRows), $"must be in [20, 1,000,000] (got {MaxReferenceRows})");
        Require(MaxModes is >= 2 and <= 10_000, nameof(MaxModes), $"must be in [2, 10,000] (got {MaxModes})");
        Require(NumberOfModes is null or (>= 1 and <= 10_000), nameof(NumberOfModes), $"must be in [1, 10,000] (got {NumberOfModes})");
        Require(QualityQuantile is > 0 and <= 1, nameof(QualityQuantile), $"must be in (0, 1] (got {QualityQuantile})");
        Require(NdbBins is >= 2 and <= 10_000, nameof(NdbBins), $"must be in [2, 10,000] (got {NdbBins})");
        Require(DuplicateRadius is null || (DuplicateRadius >= 0 && float.IsFinite(DuplicateRadius.Value)), nameof(DuplicateRadius), $"must be a finite distance ≥ 0 (got {DuplicateRadius})");
        if (ModeCenters is not null)
        {
            Require(ModeCenters.Length > 0 && ModeCenters.All(c => c is not null && c.Length == ModeCenters[0].Length && c.All(float.IsFinite)),
                nameof(ModeCenters), "must hold at least one centre, all finite and of the same length");
            Require(QualityRadius is > 0 && float.IsFinite(QualityRadius.Value), nameof(QualityRadius), "must be a positive finite distance when ModeCenters are given");
            Require(NumberOfModes is null, nameof(NumberOfModes), "cannot be combined with ModeCenters (the centres fix the modes)");
            Require(ModeWeights is null || (ModeWeights.Length == ModeCenters.Length && ModeWeights.All(w => w >= 0 && double.IsFinite(w)) && ModeWeights.Sum() > 0),
                nameof(ModeWeights), $"must hold one finite weight ≥ 0 per centre ({ModeCenters.Length}), not all 0");
        }
        else
        {
            Require(ModeWeights is null, nameof(ModeWeights), "needs ModeCenters (k-means modes get their weights from the reference rows)");
        }
        foreach (var (name, option) in new[] { (DistanceColumnName, nameof(DistanceColumnName)), (InManifoldColumnName, nameof(InManifoldColumnName)),
                                                (ModeColumnName, nameof(ModeColumnName)), (HighQualityColumnName, nameof(HighQualityColumnName)) })
            Require(!string.IsNullOrWhiteSpace(name), option, "must name a column");
    }

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition)
            throw new ArgumentException($"DiversityScoringOptions.{option} {problem}.", option);
    }
}
