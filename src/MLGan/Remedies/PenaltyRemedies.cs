using MLGan.Engine;
using MLGan.Objectives;

using static MLGan.OptionChecks;

namespace MLGan.Remedies;

/// <summary>DRAGAN (<see cref="DraganOptions.Weight"/>): the penalty term in the discriminator's phase.</summary>
internal sealed class DraganRemedy : IRemedy
{
    public void Validate(GanOptions options) => RequireNonNegative(options.Remedies.Dragan.Weight, "Remedies.Dragan.Weight");

    public bool IsOn(GanOptions options) => options.Remedies.Dragan.Weight > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
        => plan.DiscriminatorPhase.Terms.Add(new WeightedTerm(new DraganPenalty(), options.Remedies.Dragan.Weight, "Remedies.Dragan.Weight"));
}

/// <summary>
/// R1 (<see cref="R1Options.Weight"/>): the penalty term in the discriminator's phase, or, with
/// <see cref="R1Options.Interval"/> N &gt; 1, lazy regularization as in StyleGAN2 (Karras et al. 2020): a phase
/// of its own every N steps on a batch outside the epoch schedule, its weight multiplied by N so the average strength is kept.
/// </summary>
internal sealed class R1Remedy : IRemedy
{
    public void Validate(GanOptions options)
    {
        RequireNonNegative(options.Remedies.R1.Weight, "Remedies.R1.Weight");
        RequireInRange(options.Remedies.R1.Interval, 1, 1000, "Remedies.R1.Interval");
    }

    public const string LazyPhaseName = "discriminator regularization";

    public bool IsOn(GanOptions options) => options.Remedies.R1.Weight > 0;

    public void AddTo(TrainingPlan plan, GanOptions options)
    {
        int interval = options.Remedies.R1.Interval;
        var term = new WeightedTerm(new R1Penalty(), R1Penalty.WeightFor(options.Remedies.R1.Weight) * interval, "Remedies.R1.Weight");
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
