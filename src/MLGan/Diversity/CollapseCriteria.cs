using System.Globalization;
using MLGan.Diversity;

namespace MLGan;

/// <summary>
/// Thresholds of the collapse verdict in <see cref="DiversityMetrics"/>. Every criterion is calibrated against what
/// real data itself scores at the same sizes: a sample of fresh real rows (a perfect generator) is judged collapsed
/// by a criterion at most <see cref="SignificanceLevel"/> of the time, whatever the data (discrete values, heavy
/// tails, small references). A criterion needs both a large effect (the thresholds below) and a significant one.
/// </summary>
public sealed class CollapseCriteria
{
    /// <summary>
    /// α, the share of perfect samples a criterion may flag: a mode counts as missing only when zero high-quality rows
    /// has probability below α / modes for real rows at this sample size (Bonferroni over the modes); the mode
    /// histogram criteria need a permutation p-value below α; excess duplicates a one-sided z-test at α.
    /// </summary>
    public double SignificanceLevel = 0.05;

    /// <summary>Collapse when more than this share of the modes is missing (see <see cref="DiversityMetrics.MissingModes"/>; any, for up to 10 modes).</summary>
    public double MaxMissingModeShare = 0.1;

    /// <summary>Collapse when the fewest modes holding 90% of high-quality rows are at most this share of the modes the reference needs for 90% (and the histogram differs significantly).</summary>
    public double MaxConcentration = 0.5;

    /// <summary>Collapse when recall is below this share of precision (the sample is good but narrow).</summary>
    public double MinRecallToPrecision = 0.5;

    /// <summary>A note (not collapse on its own) when coverage is below this.</summary>
    public double MinCoverage = 0.5;

    /// <summary>Collapse when the reverse KL against the real mode weights exceeds this share of log(modes) (the KL of a single-mode sample) and the histogram differs significantly.</summary>
    public double MaxReverseKLShare = 0.1;

    /// <summary>
    /// Collapse when the share of near-duplicate rows exceeds the real data's own share at the same set size by more
    /// than this (and significantly): repeated values in real data are not collapse.
    /// </summary>
    public double MaxExcessDuplicateRate = 0.2;

    /// <summary>A note (not collapse) when precision is below this.</summary>
    public double LowPrecision = 0.5;

    /// <summary>A note when more than this share of NDB bins differ.</summary>
    public double MaxDifferentBinShare = 0.5;

    internal void Validate()
    {
        void Require(bool ok, string name, double value, string range)
        {
            if (!ok)
                throw new ArgumentOutOfRangeException(name, value, $"CollapseCriteria.{name} must be in {range} (got {value.ToString(CultureInfo.InvariantCulture)}).");
        }
        Require(SignificanceLevel is > 0 and < 1, nameof(SignificanceLevel), SignificanceLevel, "(0, 1)");
        Require(MaxMissingModeShare is >= 0 and < 1, nameof(MaxMissingModeShare), MaxMissingModeShare, "[0, 1)");
        Require(MaxConcentration is >= 0 and <= 1, nameof(MaxConcentration), MaxConcentration, "[0, 1]");
        Require(MinRecallToPrecision is >= 0 and <= 1, nameof(MinRecallToPrecision), MinRecallToPrecision, "[0, 1]");
        Require(MaxReverseKLShare >= 0 && double.IsFinite(MaxReverseKLShare), nameof(MaxReverseKLShare), MaxReverseKLShare, "[0, ∞)");
        Require(MaxExcessDuplicateRate is >= 0 and <= 1, nameof(MaxExcessDuplicateRate), MaxExcessDuplicateRate, "[0, 1]");
    }

    internal (List<string> Reasons, List<string> Notes) Judge(DiversityMetrics m, DiversityReference reference)
    {
        Validate();
        var c = CultureInfo.InvariantCulture;
        var reasons = new List<string>();
        var notes = new List<string>();
        int modes = m.TotalModes;
        if (m.MissingModes > Math.Floor(MaxMissingModeShare * modes))
            reasons.Add(string.Format(c, "{0} of {1} modes have no high-quality sample, where {2} real rows would almost surely have some (p < {3:0.###} each)",
                m.MissingModes, modes, m.SampleCount, SignificanceLevel / modes));
        int unexplained = modes - m.ModesCaptured - m.MissingModes;
        if (unexplained > 0)
            notes.Add(string.Format(c, "{0} of {1} modes have no high-quality sample, but they are too rare in the reference for that to be evidence at {2} rows", unexplained, modes, m.SampleCount));

        bool histogramDiffers = m.ModeHistogramPValue < SignificanceLevel;
        int needed = ModesHolding(m.ModeHistogram.Select(v => (double)v).ToArray(), 0.9);
        int neededByReference = ModesHolding(reference.ModeWeights, 0.9);
        if (histogramDiffers && m.ModeHistogram.Sum() > 0 && needed <= MaxConcentration * neededByReference)
            reasons.Add(string.Format(c, "{0} of {1} modes hold 90% of the high-quality samples (the real data needs {2})", needed, modes, neededByReference));
        if (histogramDiffers && modes > 1 && m.ReverseKL > MaxReverseKLShare * Math.Log(modes))
            reasons.Add(string.Format(c, "the mode histogram is far from the real one (reverse KL {0:0.000}; a single mode would be {1:0.000}; permutation p = {2:0.###})",
                m.ReverseKL, Math.Log(modes), m.ModeHistogramPValue));

        if (m.Recall < MinRecallToPrecision * m.Precision)
            reasons.Add(string.Format(c, m.Precision >= 0.5
                ? "recall {0:0.00} while precision {1:0.00}: samples are realistic but cover little of the data"
                : "recall {0:0.00} and precision {1:0.00}: samples cover little of the data, and few of them are realistic", m.Recall, m.Precision));
        // Low coverage alone does not separate collapse from slightly blurred samples (seen on the ring, whose
        // modes are tighter than a generator's error): a note, while the criteria above decide.
        if (m.Coverage < MinCoverage)
            notes.Add(string.Format(c, "coverage {0:0.00}: most real neighbourhoods have no sample nearby (missing modes or blurred samples)", m.Coverage));

        if (ExcessDuplicates(m))
            reasons.Add(string.Format(c, "{0:P0} of samples are near-duplicates of another sample, against {1:P0} for real rows in sets of the same size ({2})",
                m.DuplicateRate, m.ReferenceDuplicateRate, m.DuplicateComparisonSize));

        if (m.Precision < LowPrecision)
            notes.Add(string.Format(c, "precision {0:0.00}: most samples lie off the real data (poor quality)", m.Precision));
        if (m.TotalBins > 0 && m.DifferentBins > MaxDifferentBinShare * m.TotalBins)
            notes.Add(string.Format(c, "{0} of {1} NDB bins differ significantly from the real data", m.DifferentBins, m.TotalBins));
        if (m.ReferenceCount < DiversityReference.SmallRows)
            notes.Add(string.Format(c, "the reference has only {0} rows: modes, radii and the real data's own rates are rough, so only large differences can be flagged (use {1} or more real rows)",
                m.ReferenceCount, DiversityReference.SmallRows));
        return (reasons, notes);
    }

    /// <summary>
    /// More near-duplicates than real rows have at the same size, by at least <see cref="MaxExcessDuplicateRate"/> and
    /// beyond sampling error: a one-sided z-test on the rate over the rows compared, with the variance doubled because
    /// duplicates come in pairs.
    /// </summary>
    private bool ExcessDuplicates(DiversityMetrics m)
    {
        double excess = m.DuplicateRate - m.ReferenceDuplicateRate;
        if (excess <= MaxExcessDuplicateRate)
            return false;
        double rows = m.SampleCount - m.SampleCount % Math.Max(1, m.DuplicateComparisonSize);
        double p = Math.Clamp(m.ReferenceDuplicateRate, 1.0 / Math.Max(2, m.DuplicateComparisonSize), 1);
        double standardError = Math.Sqrt(2 * p * (1 - p) / Math.Max(1, rows));
        return excess > NormalDistribution.Quantile(1 - SignificanceLevel) * standardError;
    }

    /// <summary>The fewest entries of <paramref name="weights"/> whose sum reaches <paramref name="share"/> of the total.</summary>
    internal static int ModesHolding(IReadOnlyList<double> weights, double share)
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
