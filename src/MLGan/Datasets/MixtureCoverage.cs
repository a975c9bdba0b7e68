using System.Globalization;

namespace MLGan.Datasets;

/// <summary>
/// How well a set of samples covers a <see cref="GaussianMixture"/>, by the PacGAN/VEEGAN protocol:
/// a sample is <em>high quality</em> when it lies within 3 standard deviations of its nearest mode's centre;
/// a mode is <em>captured</em> when at least one high-quality sample is nearest to it; reverse KL is
/// KL(histogram of high-quality samples over modes ‖ uniform).
/// </summary>
public sealed record MixtureCoverage
{
    /// <summary>Modes with at least one high-quality sample.</summary>
    public int ModesCaptured { get; init; }

    /// <summary>Modes of the mixture.</summary>
    public int TotalModes { get; init; }

    /// <summary>Share of samples within 3 standard deviations of their nearest mode, in [0, 1].</summary>
    public double HighQualityShare { get; init; }

    /// <summary>KL(mode histogram of high-quality samples ‖ uniform); 0 is perfectly balanced, log(modes) is one mode only.</summary>
    public double ReverseKL { get; init; }

    /// <summary>High-quality samples per mode.</summary>
    public IReadOnlyList<int> HighQualityCounts { get; init; } = Array.Empty<int>();

    /// <summary>Scores <paramref name="samples"/> against <paramref name="mixture"/>.</summary>
    public static MixtureCoverage Measure(GaussianMixture mixture, IReadOnlyList<float[]> samples)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
            throw new ArgumentException("At least one sample is needed.", nameof(samples));
        var counts = new int[mixture.Centers.Count];
        double threshold = 3.0 * mixture.StandardDeviation;
        int highQuality = 0;
        foreach (var sample in samples)
        {
            if (sample.Length != mixture.Dimension)
                throw new ArgumentException($"Samples must have {mixture.Dimension} values; one has {sample.Length}.", nameof(samples));
            int nearest = 0;
            double best = double.MaxValue;
            for (int m = 0; m < counts.Length; m++)
            {
                double d = 0;
                for (int j = 0; j < sample.Length; j++)
                {
                    double diff = sample[j] - mixture.Centers[m][j];
                    d += diff * diff;
                }
                if (d < best)
                {
                    best = d;
                    nearest = m;
                }
            }
            if (Math.Sqrt(best) <= threshold)
            {
                counts[nearest]++;
                highQuality++;
            }
        }
        return new MixtureCoverage
        {
            ModesCaptured = counts.Count(c => c > 0),
            TotalModes = counts.Length,
            HighQualityShare = (double)highQuality / samples.Count,
            ReverseKL = ReverseKLToUniform(counts),
            HighQualityCounts = counts,
        };
    }

    private static double ReverseKLToUniform(int[] counts)
    {
        double total = counts.Sum();
        if (total == 0)
            return Math.Log(counts.Length); // nothing on any mode: as bad as a single mode
        double kl = 0;
        foreach (var c in counts)
        {
            if (c == 0)
                continue;
            double p = c / total;
            kl += p * Math.Log(p * counts.Length);
        }
        return kl;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "modes {0}/{1}, high quality {2:P1}, reverse KL {3:0.000}", ModesCaptured, TotalModes, HighQualityShare, ReverseKL);
}
