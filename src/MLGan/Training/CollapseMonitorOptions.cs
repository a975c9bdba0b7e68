namespace MLGan;

/// <summary>
/// The training-time collapse monitor (<see cref="GanOptions.Monitor"/>): every <see cref="Interval"/>
/// generator steps it generates <see cref="SampleSize"/> rows, scores them against a reference sample (the
/// validation data passed to <see cref="GanEstimator.Fit(Microsoft.ML.IDataView, Microsoft.ML.IDataView)"/>, held out
/// from training, or else a seeded sample of the training rows) with a <see cref="DiversityScoringTransformer"/>'s
/// metrics, and records the result in the training history. Loss-trend early warnings trigger an extra check. A collapse verdict seen in
/// <see cref="Patience"/> consecutive checks after <see cref="WarmupFraction"/> of training triggers <see cref="Policy"/>.
/// </summary>
public sealed class CollapseMonitorOptions
{
    /// <summary>Generator steps between diversity checks (a check also runs at the last step).</summary>
    public int Interval = 1000;

    /// <summary>Rows generated per check.</summary>
    public int SampleSize = 1000;

    /// <summary>Reference rows (a seeded sample of the validation or training rows) the checks compare against.</summary>
    public int ReferenceSize = 2000;

    /// <summary>What to do on a confirmed collapse.</summary>
    public CollapsePolicy Policy = CollapsePolicy.Warn;

    /// <summary>Share of the planned steps before which the policy is not applied (early generators are narrow by nature).</summary>
    public double WarmupFraction = 0.25;

    /// <summary>Consecutive collapsed checks needed before the policy is applied.</summary>
    public int Patience = 2;

    /// <summary>
    /// How the reference's modes are defined (known centres and quality radius, or k-means settings).
    /// Its column options are ignored. When null, modes are found by k-means with k chosen automatically (at most 30).
    /// </summary>
    public DiversityScoringOptions? Scoring;

    /// <summary>Verdict thresholds; defaults when null.</summary>
    public CollapseCriteria? Criteria;

    internal void Validate()
    {
        void Require(bool ok, string option, string problem)
        {
            if (!ok)
                throw new ArgumentException($"GanOptions.Monitor.{option} {problem}.", option);
        }
        Require(Interval > 0, nameof(Interval), $"must be positive (got {Interval})");
        Require(SampleSize >= 10, nameof(SampleSize), $"must be at least 10 (got {SampleSize})");
        Require(ReferenceSize >= 10, nameof(ReferenceSize), $"must be at least 10 (got {ReferenceSize})");
        Require(Policy is not null, nameof(Policy), "must be set (CollapsePolicy.Warn, Stop, RollBack or Escalate)");
        Require(WarmupFraction is >= 0 and <= 1, nameof(WarmupFraction), $"must be in [0, 1] (got {WarmupFraction})");
        Require(Patience >= 1, nameof(Patience), $"must be at least 1 (got {Patience})");
        Scoring?.Validate();
        Criteria?.Validate();
    }

    internal CollapseMonitorOptions Clone()
    {
        var copy = (CollapseMonitorOptions)MemberwiseClone();
        copy.Scoring = Scoring?.Clone();
        return copy;
    }
}
