using MLGan.Engine;
using MLGan.Objectives;

namespace MLGan.Remedies;

/// <summary>DRAGAN (<see cref="GanOptions.DraganPenaltyWeight"/>): the penalty term in the discriminator's phase.</summary>
internal sealed class DraganRemedy : IRemedy
{
    public bool IsOn(GanOptions options) => options.DraganPenaltyWeight > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
        => plan.DiscriminatorPhase.Terms.Add(new WeightedTerm(new DraganPenalty(), options.DraganPenaltyWeight));
}

/// <summary>R1 (<see cref="GanOptions.R1PenaltyWeight"/>): the penalty term in the discriminator's phase.</summary>
internal sealed class R1Remedy : IRemedy
{
    public bool IsOn(GanOptions options) => options.R1PenaltyWeight > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
        => plan.DiscriminatorPhase.Terms.Add(new WeightedTerm(new R1Penalty(), R1Penalty.WeightFor(options.R1PenaltyWeight)));
}
