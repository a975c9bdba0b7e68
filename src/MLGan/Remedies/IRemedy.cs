using MLGan.Engine;

namespace MLGan.Remedies;

/// <summary>
/// A training-side remedy: when its option is on, it adds loss terms, hooks or wrappers to the plan. Remedies that are
/// network layers (minibatch discrimination and standard deviation, spectral norm, dropout, packing) live in the
/// network specs instead.
/// </summary>
internal interface IRemedy
{
    /// <summary>Checks the remedy's options (values and the combinations it cannot work with); messages name the option's path.</summary>
    void Validate(GanOptions options);

    bool IsOn(GanOptions options);

    void AddTo(TrainingPlan plan, GanOptions options);
}

/// <summary>The training-side remedies, in the order their terms are summed and their hooks run.</summary>
internal static class TrainingRemedies
{
    public static readonly IRemedy[] All =
    {
        new DraganRemedy(),
        new R1Remedy(),
        new FeatureMatchingRemedy(),
        new InstanceNoiseRemedy(),
        new UnrollingRemedy(),
        new GeneratorEmaRemedy(),
        new LearningRateDecayRemedy(),
        new MultipleDiscriminatorsRemedy(),
        new EnergyBasedRemedy(),
        new MultipleGeneratorsRemedy(),
        new ReconstructorRemedy(),
    };
}
