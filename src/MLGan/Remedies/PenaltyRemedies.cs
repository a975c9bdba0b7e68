using MLGan.Engine;
using MLGan.Objectives;

namespace MLGan.Remedies;

/// <summary>DRAGAN (<see cref="GanOptions.DraganPenaltyWeight"/>): the penalty term in the discriminator's phase.</summary>
internal sealed class DraganRemedy : IRemedy
{
    public bool IsOn(GanOptions options) => options.DraganPenaltyWeight > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
        => plan.DiscriminatorPhase.Terms.Add(new WeightedTerm(new DraganPenalty(), options.DraganPenaltyWeight, nameof(GanOptions.DraganPenaltyWeight)));
}

/// <summary>
/// R1 (<see cref="GanOptions.R1PenaltyWeight"/>): the penalty term in the discriminator's phase, or, with
/// <see cref="GanOptions.R1PenaltyInterval"/> N &gt; 1, lazy regularization as in StyleGAN2 (Karras et al. 2020): a phase
/// of its own every N steps on a batch outside the epoch schedule, its weight multiplied by N so the average strength is kept.
/// </summary>
internal sealed class R1Remedy : IRemedy
{
    public const string LazyPhaseName = "discriminator regularization";

    public bool IsOn(GanOptions options) => options.R1PenaltyWeight > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        int interval = options.R1PenaltyInterval;
        var term = new WeightedTerm(new R1Penalty(), R1Penalty.WeightFor(options.R1PenaltyWeight) * interval, nameof(GanOptions.R1PenaltyWeight));
        if (interval == 1)
        {
            plan.DiscriminatorPhase.Terms.Add(term);
            return;
        }
        var lazy = new Phase(LazyPhaseName, new[] { TrainingPlan.DiscriminatorName }, PhaseRows.OnRequest, PhaseReport.None) { Interval = interval };
        lazy.Terms.Add(term);
        plan.Phases.Insert(plan.Phases.IndexOf(plan.DiscriminatorPhase) + 1, lazy);
    }
}
