using MLGan.Engine;
using MLGan.Networks;
using MLGan.Objectives;
using MLGan.Remedies;

namespace MLGan.Training;

/// <summary>
/// Assembles the <see cref="TrainingPlan"/> of a GAN from <see cref="GanOptions"/>: the MLP generator and discriminator,
/// the discriminator's phase (n_critic times per step) and the generator's phase; the objective adds its terms first,
/// then each remedy that is on adds its own (<see cref="TrainingRemedies"/>).
/// </summary>
internal static class GanTrainingPlan
{
    /// <summary>The plan of a GAN with <paramref name="featureSize"/> values per row.</summary>
    public static TrainingPlan From(GanOptions options, int featureSize, int totalSteps)
    {
        var plan = new TrainingPlan(totalSteps, options.BatchSize, options.LatentDimension);
        var objective = AdversarialObjective.For(options.Loss, 1 - options.RealLabelSmoothing);
        plan.Phases.Add(new Phase(TrainingPlan.DiscriminatorName, new[] { TrainingPlan.DiscriminatorName }, PhaseRows.Epoch, PhaseReport.DiscriminatorLoss)
            { Repeat = options.DiscriminatorStepsPerGeneratorStep });
        plan.Phases.Add(new Phase(TrainingPlan.GeneratorName, new[] { TrainingPlan.GeneratorName }, PhaseRows.OnRequest, PhaseReport.GeneratorLoss));
        objective.AddTo(plan, options);
        foreach (var remedy in TrainingRemedies.All.Where(r => r.IsOn(options)))
            remedy.AddTo(plan, options);

        plan.Players.Add(new PlayerPlan(TrainingPlan.GeneratorName, GeneratorSpec(options, featureSize),
            new AdamSettings(options.GeneratorLearningRate, options.GeneratorBeta1, options.GeneratorBeta2)));
        plan.Players.Add(new PlayerPlan(TrainingPlan.DiscriminatorName, DiscriminatorSpec(options, featureSize, plan.Terms.Any(t => t.Term.NeedsInputGradients)),
            new AdamSettings(options.DiscriminatorLearningRate, options.DiscriminatorBeta1, options.DiscriminatorBeta2)));
        return plan;
    }

    public static MlpSpec GeneratorSpec(GanOptions options, int featureSize)
        => new(options.LatentDimension, options.GeneratorHiddenLayers, featureSize, options.GeneratorActivation, options.GeneratorNormalization);

    /// <param name="twiceDifferentiable">Whether a term differentiates the discriminator's input gradient.</param>
    public static DiscriminatorSpec DiscriminatorSpec(GanOptions options, int featureSize, bool twiceDifferentiable) => new(
        featureSize,
        new HiddenLayers(options.DiscriminatorHiddenLayers, options.DiscriminatorActivation, options.DiscriminatorNormalization,
            options.SpectralNorm, options.DiscriminatorDropout),
        options.MinibatchDiscrimination ? options.MinibatchKernels : 0,
        options.MinibatchKernelDimension,
        options.MinibatchStandardDeviation,
        twiceDifferentiable,
        options.PackingDegree);

}
