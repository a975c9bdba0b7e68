using System.Globalization;

namespace MLGan;

/// <summary>
/// Thresholds of the collapse verdict in <see cref="DiversityMetrics"/>. Each criterion that holds adds a
/// reason; the defaults were chosen on seeded ring/grid runs (see benchmarks/RESULTS.md).
/// </summary>
public sealed class CollapseCriteria
{
    /// <summary>Collapse when more than this share of the modes has no high-quality row (always when any is missing for up to 10 modes).</summary>
    public double MaxMissingModeShare = 0.1;

    /// <summary>Collapse when the fewest modes holding 90% of high-quality rows are at most this share of the modes the reference needs for 90%.</summary>
    public double MaxConcentration = 0.5;

    /// <summary>Collapse when recall is below this share of precision (the sample is good but narrow).</summary>
    public double MinRecallToPrecision = 0.5;

    /// <summary>A note (not collapse on its own) when coverage is below this.</summary>
    public double MinCoverage = 0.5;

    /// <summary>Collapse when the reverse KL exceeds this share of log(modes) (the KL of a single-mode sample).</summary>
    public double MaxReverseKLShare = 0.1;

    /// <summary>Collapse when more than this share of rows are near-duplicates.</summary>
    public double MaxDuplicateRate = 0.2;

    /// <summary>A note (not collapse) when precision is below this.</summary>
    public double LowPrecision = 0.5;

    /// <summary>A note when more than this share of NDB bins differ.</summary>
    public double MaxDifferentBinShare = 0.5;

    internal (List<string> Reasons, List<string> Notes) Judge(DiversityMetrics m, IReadOnlyList<double> referenceWeights)
    {
        var c = CultureInfo.InvariantCulture;
        var reasons = new List<string>();
        var notes = new List<string>();
        int missing = m.TotalModes - m.ModesCaptured;
        if (missing > Math.Floor(MaxMissingModeShare * m.TotalModes))
            reasons.Add(string.Format(c, "{0} of {1} modes have no high-quality sample", missing, m.TotalModes));

        int needed = ModesHolding(m.ModeHistogram.Select(v => (double)v).ToArray(), 0.9);
        int neededByReference = ModesHolding(referenceWeights.ToArray(), 0.9);
        if (m.ModeHistogram.Sum() > 0 && needed <= MaxConcentration * neededByReference)
            reasons.Add(string.Format(c, "{0} of {1} modes hold 90% of the high-quality samples (the real data needs {2})", needed, m.TotalModes, neededByReference));

        if (m.TotalModes > 1 && m.ReverseKL > MaxReverseKLShare * Math.Log(m.TotalModes))
            reasons.Add(string.Format(c, "the mode histogram is far from the real one (reverse KL {0:0.000}; a single mode would be {1:0.000})", m.ReverseKL, Math.Log(m.TotalModes)));
        if (m.Recall < MinRecallToPrecision * m.Precision)
            reasons.Add(string.Format(c, "recall {0:0.00} while precision {1:0.00}: samples are realistic but cover little of the data", m.Recall, m.Precision));
        // Low coverage alone does not separate collapse from slightly blurred samples (seen on the ring, whose
        // modes are tighter than a generator's error): a note, while the criteria above decide.
        if (m.Coverage < MinCoverage)
            notes.Add(string.Format(c, "coverage {0:0.00}: most real neighbourhoods have no sample nearby (missing modes or blurred samples)", m.Coverage));
        if (m.DuplicateRate > MaxDuplicateRate)
            reasons.Add(string.Format(c, "{0:P0} of samples are near-duplicates of another sample", m.DuplicateRate));

        if (m.Precision < LowPrecision)
            notes.Add(string.Format(c, "precision {0:0.00}: most samples lie off the real data (poor quality)", m.Precision));
        if (m.TotalBins > 0 && m.DifferentBins > MaxDifferentBinShare * m.TotalBins)
            notes.Add(string.Format(c, "{0} of {1} NDB bins differ significantly from the real data", m.DifferentBins, m.TotalBins));
        return (reasons, notes);
    }

    /// <summary>The fewest entries of <paramref name="weights"/> whose sum reaches <paramref name="share"/> of the total.</summary>
    internal static int ModesHolding(double[] weights, double share)
    {
        double total = weights.Sum();
        if (total <= 0)
            return 0;
        double sum = 0;
        int count = 0;
        foreach (var w in weights.OrderDescending())
        {
            sum += w;
            count++;
            if (sum >= share * total - 1e-12)
                break;
        }
        return count;
    }
}
