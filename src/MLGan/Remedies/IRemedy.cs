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

    /// <summary>Warnings for the first progress report once the data's row width is known (settings that will train badly on it).</summary>
    IEnumerable<string> StartWarnings(GanOptions options, int featureSize) => Array.Empty<string>();
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

/// <summary>Option combinations that the methods with their own objective or players (GMAN, EBGAN, MAD-GAN, VEEGAN) refuse, named as messages name them.</summary>
internal static class MethodConflicts
{
    /// <summary>The other such methods that are on: each replaces the objective or a player, so two do not combine.</summary>
    public static IEnumerable<string> OtherMethods(GanOptions options, string self) => new (string Option, bool On)[]
    {
        ("Remedies.MultipleDiscriminators", options.Remedies.MultipleDiscriminators.Count > 1),
        ("Remedies.EnergyBased", options.Remedies.EnergyBased.Enabled),
        ("Remedies.MultipleGenerators", options.Remedies.MultipleGenerators.Count > 1),
        ("Remedies.Reconstructor", options.Remedies.Reconstructor.Enabled),
    }.Where(m => m.On && m.Option != self).Select(m => m.Option);

    /// <summary>The gradient penalties that are on, as one entry, or none.</summary>
    public static IEnumerable<string> GradientPenalties(GanOptions options)
    {
        if (options.Remedies.Dragan.Weight > 0 || options.Remedies.R1.Weight > 0)
            yield return "gradient penalties (Remedies.Dragan, Remedies.R1)";
    }
}
